package org.glassprobe.scenarios.browser;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;

/**
 * The steps a scenario takes in a real browser, one record per kind, as read from a check file.
 * Values only: reading and validating them loads no Playwright class (the results API reads them
 * without a browser).
 */
public sealed interface BrowserStep extends Step {

    /** Opens a URL in the attempt's page and waits until it has loaded. */
    record Goto(String name, Optional<Duration> timeout, Template url, LoadState waitUntil) implements BrowserStep {
        public static final String KIND = "goto";

        public Goto {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(waitUntil, "waitUntil");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Clicks the one element a selector matches; a navigation it starts is waited for until its load event. */
    record Click(String name, Optional<Duration> timeout, Template selector) implements BrowserStep {
        public static final String KIND = "click";

        public Click {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(selector, "selector");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Types a value into the one input a selector matches, replacing what was there. */
    record Fill(String name, Optional<Duration> timeout, Template selector, Template value) implements BrowserStep {
        public static final String KIND = "fill";

        public Fill {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Sets a file input to a file that travels with the check. */
    record Upload(String name, Optional<Duration> timeout, Template selector, UploadFile file) implements BrowserStep {
        public static final String KIND = "upload";

        public Upload {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Map<String, UploadFile> uploadedFiles() {
            return Map.of(file.path(), file);
        }
    }

    /** Waits for an element, a URL or a load state. */
    record WaitFor(String name, Optional<Duration> timeout, Target target) implements BrowserStep {
        public static final String KIND = "waitFor";

        public WaitFor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String kind() {
            return KIND;
        }

        /** What a waitFor step waits for. */
        public sealed interface Target permits ForSelector, ForUrl, ForLoadState {}

        /** An element in a state. */
        public record ForSelector(Template selector, ElementState state) implements Target {}

        /** The page's URL matching a glob such as {@code **}{@code /?image=*}. */
        public record ForUrl(Template glob) implements Target {}

        /** The page reaching a load state. */
        public record ForLoadState(LoadState state) implements Target {}
    }

    /**
     * Asserts things about the one element a selector matches, waiting up to the step's deadline
     * for them to hold: visible, its text, attributes, an image loaded, and the image's bytes.
     *
     * @param visible     whether the element must be visible (otherwise present in the page is enough)
     * @param text        text the element's visible text must contain
     * @param attributes  attribute values it must have, exactly
     * @param imageLoaded whether it must be an image that loaded ({@code complete} and {@code naturalWidth > 0})
     * @param integrity   the image's {@code src}, fetched through the page's own context, must be
     *                    the file an earlier step uploaded
     */
    record Expect(String name, Optional<Duration> timeout, Template selector, boolean visible, Optional<Template> text,
            Map<String, Template> attributes, boolean imageLoaded, Optional<IntegritySpec> integrity)
            implements BrowserStep {
        public static final String KIND = "expect";

        @Override
        public java.util.List<String> integritySteps() {
            return integrity.map(IntegritySpec::step).stream().toList();
        }

        public Expect {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(text, "text");
            attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            Objects.requireNonNull(integrity, "integrity");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Saves a PNG of the page (or of one element) as an artifact of the step. */
    record Screenshot(String name, Optional<Duration> timeout, Optional<Template> selector, boolean fullPage)
            implements BrowserStep {
        public static final String KIND = "screenshot";

        public Screenshot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(selector, "selector");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** How far a page has loaded, in the words of check files (and of Playwright). */
    enum LoadState {
        COMMIT,
        DOMCONTENTLOADED,
        LOAD,
        NETWORKIDLE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What state an element is waited for in. */
    enum ElementState {
        VISIBLE,
        ATTACHED,
        HIDDEN,
        DETACHED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
