package org.glassprobe.scenarios.parse;

import java.util.Optional;
import java.util.List;
import org.glassprobe.scenarios.model.Step;

/**
 * How one step kind is written in a check file. A step is a mapping with exactly one kind key
 * (for example {@code http}) and, besides {@code name} and {@code timeout}, only the kind's
 * sibling keys (for {@code http}: {@code capture}, {@code expect}, {@code integrity}).
 *
 * <p>Implementations read and validate only; they must not touch the network or a browser, so
 * that the results API can validate every kind without those dependencies.
 */
public interface StepSyntax {
    /** The key that makes a step of this kind, also the kind's name. */
    String key();

    /** Keys allowed beside the kind's key, other than {@code name} and {@code timeout}. */
    List<String> siblingKeys();

    /** Whether a {@code kind: ping} check may consist of this one step. */
    default boolean allowedInPing() {
        return false;
    }

    /**
     * Reads the step. Problems go to the context; the result is empty when the step could not be
     * read well enough to run.
     */
    Optional<Step> read(StepInput input, ParseContext context);
}
