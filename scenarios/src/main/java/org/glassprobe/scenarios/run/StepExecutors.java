package org.glassprobe.scenarios.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glassprobe.scenarios.model.Step;

/** The step kinds a runner can run, from one explicit list; a kind registered twice is refused. */
public final class StepExecutors {
    private final Map<String, StepExecutor<?>> byKind;

    private StepExecutors(Map<String, StepExecutor<?>> byKind) {
        this.byKind = Map.copyOf(byKind);
    }

    public static StepExecutors of(List<StepExecutor<?>> executors) {
        Map<String, StepExecutor<?>> byKind = new LinkedHashMap<>();
        for (StepExecutor<?> executor : executors) {
            if (byKind.putIfAbsent(executor.kind(), executor) != null) {
                throw new IllegalArgumentException("two executors for step kind \"" + executor.kind() + "\"");
            }
        }
        return new StepExecutors(byKind);
    }

    public Set<String> kinds() {
        return byKind.keySet();
    }

    public Optional<StepExecutor<?>> forKind(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** Runs a step with the executor registered for its kind. */
    @SuppressWarnings("unchecked")
    <S extends Step> org.glassprobe.scenarios.result.StepResult execute(Step step, RunContext context) {
        StepExecutor<?> executor = byKind.get(step.kind());
        if (executor == null) {
            throw new IllegalStateException("no executor for step kind \"" + step.kind() + "\" (registered: "
                    + byKind.keySet() + ")");
        }
        StepExecutor<S> typed = (StepExecutor<S>) executor;
        return typed.execute(typed.stepType().cast(step), context);
    }
}
