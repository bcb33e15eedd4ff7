package org.glassprobe.scenarios.script;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.UploadFile;

/**
 * The one step of a check written as a scenario script: the compiled script, run once per
 * attempt; its timed sub-steps are the steps of the result.
 *
 * @param name    the script's class name
 * @param program the compiled classes
 * @param files   the files its header lists, read with it
 * @param usesBrowser whether its code ever asks for the browser ({@code page()},
 *                {@code checkDisplayedImage}); a script that does not starts none
 */
public record ScriptStep(String name, CompiledScript program, Map<String, UploadFile> files, boolean usesBrowser)
        implements Step {
    public static final String KIND = "script";

    public ScriptStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(program, "program");
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.empty();
    }
}
