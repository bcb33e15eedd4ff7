package org.glassprobe.scenarios.run;

import java.util.List;

/** A check declares variables that have neither a default nor a value given for this run. */
public final class UnresolvedVariablesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> missing;

    public UnresolvedVariablesException(String checkFile, List<String> missing) {
        super(checkFile + ": variable" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + (missing.size() == 1 ? " has" : " have") + " no value; give "
                + String.join(" ", missing.stream().map(m -> "--var " + m + "=VALUE").toList())
                + " or a default under variables");
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
