package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.RequestOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.parse.YamlNode;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Integrity;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * Checks the one element a selector matches. It waits for the element to be in the page (a
 * selector that matches nothing by the deadline is a timeout naming it), then waits in the page
 * until every condition holds (visible, unless {@code visible: false}; text; attributes; image) or
 * the deadline passes (an image that finished loading broken is final at once); each condition is
 * kept with its actual value. With {@code integrity}, the
 * image's {@code src} is fetched through the page's own context (its cookies, its connections)
 * and its SHA-256, length and content type compared with the uploaded file, as an HTTP step does.
 */
public final class ExpectStepExecutor extends BrowserStepExecutor<BrowserStep.Expect> {
    private static final int MAX_SHOWN = 200;
    /** True once every condition holds, or once an image has finished loading broken. */
    private static final String HOLDS = """
            ({el, visible, names, values, text, image}) => {
              if (!el.isConnected) { return false; }
              const box = el.getBoundingClientRect();
              const visibleOk = !visible || (box.width > 0 && box.height > 0
                  && getComputedStyle(el).visibility !== 'hidden');
              const shown = (el.innerText !== undefined ? el.innerText : el.textContent) || '';
              const textOk = text == null || shown.includes(text);
              const attributesOk = names.every((n, i) => el.getAttribute(n) === values[i]);
              const isImage = el.tagName === 'IMG';
              const imageOk = !image || (isImage && el.complete && el.naturalWidth > 0);
              const brokenImage = image && isImage && el.complete && el.naturalWidth === 0;
              return (visibleOk && textOk && attributesOk && imageOk) || brokenImage;
            }""";
    private static final String READ = """
            (el, names) => ({
              tag: el.tagName.toLowerCase(),
              visible: (() => { const b = el.getBoundingClientRect();
                  return b.width > 0 && b.height > 0 && getComputedStyle(el).visibility !== 'hidden'; })(),
              text: (el.innerText !== undefined ? el.innerText : el.textContent) || '',
              attributes: names.map(n => el.getAttribute(n)),
              complete: el.tagName === 'IMG' ? el.complete : null,
              naturalWidth: el.tagName === 'IMG' ? el.naturalWidth : null,
              src: el.currentSrc || el.src || null
            })""";

    public ExpectStepExecutor(BrowserPool browsers) {
        super(browsers, BrowserStep.Expect.class);
    }

    @Override
    public String kind() {
        return BrowserStep.Expect.KIND;
    }

    @Override
    void act(BrowserStep.Expect step, Scope scope) {
        String selector = scope.render(step.selector());
        Locator element = scope.page.locator(selector);
        Optional<String> text = step.text().map(scope::render);
        Map<String, String> attributes = new LinkedHashMap<>();
        step.attributes().forEach((name, value) -> attributes.put(name, scope.render(value)));

        Map<?, ?> state = waitUntilHeld(element, step, text, attributes, scope);
        List<ConditionResult> conditions = evaluate(selector, step, text, attributes, state);
        scope.conditions.addAll(conditions);
        Optional<IntegritySpec> wanted = step.integrity();
        if (wanted.isPresent()) {
            scope.integrity = integrity(wanted.get(), selector, state, scope);
        }
        scope.done();
        List<ConditionResult> failed = conditions.stream().filter(c -> !c.ok()).toList();
        if (scope.integrity != null && !scope.integrity.ok()) {
            scope.error = new RunError(ErrorKind.INTEGRITY, null, scope.integrity.describe());
        } else if (!failed.isEmpty()) {
            ConditionResult first = failed.get(0);
            scope.error = new RunError(ErrorKind.CONDITION, null, "condition " + first.condition() + " failed: actual "
                    + (first.actual() == null ? "nothing" : YamlNode.quote(first.actual()))
                    + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more condition"
                            + (failed.size() > 2 ? "s" : "") + " failed)" : ""));
        }
    }

    /**
     * Waits in the page (checked at every frame, no round trips) until every condition holds, or
     * the image finished loading broken (final at once), or the deadline; then reads the element
     * once more so that the result shows what it was.
     */
    private static Map<?, ?> waitUntilHeld(Locator element, BrowserStep.Expect step, Optional<String> text,
            Map<String, String> attributes, Scope scope) {
        ElementHandle handle;
        try {
            handle = element.elementHandle(new Locator.ElementHandleOptions().setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw new StepFailure(ErrorKind.TIMEOUT, "no element matched selector \"" + scope.render(step.selector())
                    + "\" within " + scope.within());
        }
        Map<String, Object> want = new HashMap<>();
        want.put("el", handle);
        want.put("visible", step.visible());
        want.put("names", new ArrayList<>(attributes.keySet()));
        want.put("values", new ArrayList<>(attributes.values()));
        want.put("text", text.orElse(null));
        want.put("image", step.imageLoaded());
        try {
            scope.page.waitForFunction(HOLDS, want, new Page.WaitForFunctionOptions().setTimeout(scope.remainingMs()));
        } catch (TimeoutError notYet) {
            // the conditions did not hold by the deadline: the reading below says how
        }
        Object raw = element.evaluate(READ, new ArrayList<>(attributes.keySet()),
                new Locator.EvaluateOptions().setTimeout(Math.max(1000, scope.remainingMs())));
        return raw instanceof Map<?, ?> map ? map : Map.of();
    }

    private static List<ConditionResult> evaluate(String selector, BrowserStep.Expect step, Optional<String> text,
            Map<String, String> attributes, Map<?, ?> state) {
        List<ConditionResult> conditions = new ArrayList<>();
        if (step.visible()) {
            boolean visible = Boolean.TRUE.equals(state.get("visible"));
            conditions.add(new ConditionResult("\"" + selector + "\" is visible", visible,
                    visible ? "visible" : "not visible", "visible", false));
        } else {
            conditions.add(new ConditionResult("\"" + selector + "\" is in the page", true, "in the page",
                    "in the page", false));
        }
        text.ifPresent(expected -> {
            String actual = String.valueOf(state.get("text"));
            conditions.add(new ConditionResult("text contains " + YamlNode.quote(expected), actual.contains(expected),
                    shorten(actual), expected, false));
        });
        List<?> actualAttributes = state.get("attributes") instanceof List<?> l ? l : List.of();
        int i = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            Object actual = i < actualAttributes.size() ? actualAttributes.get(i) : null;
            i++;
            conditions.add(new ConditionResult("attribute " + attribute.getKey() + " == "
                    + YamlNode.quote(attribute.getValue()), attribute.getValue().equals(actual),
                    actual == null ? null : shorten(actual.toString()), attribute.getValue(), false));
        }
        if (step.imageLoaded()) {
            String actual;
            boolean ok = false;
            if (!"img".equals(state.get("tag"))) {
                actual = "not an image (<" + state.get("tag") + ">)";
            } else if (!Boolean.TRUE.equals(state.get("complete"))) {
                actual = "still loading";
            } else {
                long width = number(state.get("naturalWidth"));
                ok = width > 0;
                actual = ok ? "naturalWidth " + width : "broken (naturalWidth 0)";
            }
            conditions.add(new ConditionResult("image loaded (naturalWidth > 0)", ok, actual, "naturalWidth > 0",
                    false));
        }
        return conditions;
    }

    /** Fetches the image's src through the page's context and compares it with the uploaded file. */
    private static Integrity integrity(IntegritySpec wanted, String selector, Map<?, ?> state, Scope scope) {
        Object src = state.get("src");
        if (!(src instanceof String url) || url.isEmpty()) {
            throw new StepFailure(ErrorKind.CONDITION, "\"" + selector + "\" has no src to compare with the file "
                    + wanted.path() + " (it is a <" + state.get("tag") + ">); integrity needs an image");
        }
        APIResponse response;
        try {
            response = scope.page.context().request().get(url, RequestOptions.create()
                    .setTimeout(scope.remainingMs()).setMaxRedirects(5));
        } catch (TimeoutError e) {
            throw new StepFailure(ErrorKind.TIMEOUT, "fetching the image " + url + " through the page did not finish"
                    + " within " + scope.within());
        } catch (PlaywrightException e) {
            throw BrowserFailures.of(e);
        }
        byte[] body = response.body();
        String contentType = response.headers().get("content-type");
        if (response.status() >= 400) {
            throw new StepFailure(ErrorKind.STATUS, "fetching the image " + url + " through the page answered "
                    + response.status());
        }
        scope.request = new StepResult.Request("GET", url);
        scope.status = response.status();
        return wanted.compare(body, contentType);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String shorten(String value) {
        return value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value;
    }
}
