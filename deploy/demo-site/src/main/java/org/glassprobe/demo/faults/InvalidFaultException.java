package org.glassprobe.demo.faults;

/** A fault mode or value that cannot be used; says which parameter, what was found and what is allowed. */
public final class InvalidFaultException extends Exception {

    /** The two parameters of a fault setting. */
    public enum Parameter { MODE, VALUE }

    private final Parameter parameter;
    private final String found;
    private final String allowed;

    public InvalidFaultException(Parameter parameter, String found, String allowed) {
        super(describe("parameter '" + (parameter == Parameter.MODE ? "mode" : "value") + "'", found, allowed));
        this.parameter = parameter;
        this.found = found;
        this.allowed = allowed;
    }

    public Parameter parameter() {
        return parameter;
    }

    /** The text found, or null when the parameter was missing. */
    public String found() {
        return found;
    }

    public String allowed() {
        return allowed;
    }

    /** The message with the parameter named as the caller knows it, e.g. {@code option '--fault'}. */
    public String describe(String parameterLabel) {
        return describe(parameterLabel, found, allowed);
    }

    private static String describe(String label, String found, String allowed) {
        if (found == null) {
            return label + " is missing; allowed: " + allowed;
        }
        return label + ": found '" + found + "'; allowed: " + allowed;
    }
}
