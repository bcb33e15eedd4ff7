package org.glassprobe.demo.faults;

import java.util.Objects;

/**
 * A fault setting: a mode and its value. The value is 0 for modes that take none
 * ({@code none, down, refuse, corrupt, hang}) and is required for {@code slow} and {@code flaky}.
 */
public record Fault(FaultMode mode, int value) {

    public static final Fault NONE = new Fault(FaultMode.NONE, 0);

    public Fault {
        Objects.requireNonNull(mode, "mode");
        var range = mode.valueRange();
        if (range.isPresent() && !range.get().contains(value)) {
            throw new IllegalArgumentException("fault " + mode.wireName() + " takes a value from "
                    + range.get().min() + " to " + range.get().max() + " (" + range.get().meaning()
                    + "), not " + value);
        }
        if (range.isEmpty() && value != 0) {
            throw new IllegalArgumentException("fault " + mode.wireName() + " takes no value, not " + value);
        }
    }

    /** A fault whose mode takes no value. */
    public static Fault of(FaultMode mode) {
        return new Fault(mode, 0);
    }

    public static Fault of(FaultMode mode, int value) {
        return new Fault(mode, value);
    }

    /**
     * Parses a fault from the text of its two parameters, as the admin API and the command
     * line receive them. {@code valueText} is null when the value was not given.
     *
     * @throws InvalidFaultException naming the parameter, the value found and what is allowed
     */
    public static Fault parse(String modeText, String valueText) throws InvalidFaultException {
        String allowedModes = FaultMode.allWireNames();
        if (modeText == null || modeText.isBlank()) {
            throw new InvalidFaultException(InvalidFaultException.Parameter.MODE, modeText, allowedModes);
        }
        FaultMode mode = FaultMode.fromWireName(modeText).orElseThrow(() ->
                new InvalidFaultException(InvalidFaultException.Parameter.MODE, modeText, allowedModes));
        var range = mode.valueRange();
        if (range.isEmpty()) {
            if (valueText != null) {
                throw new InvalidFaultException(InvalidFaultException.Parameter.VALUE, valueText,
                        "no value: mode '" + mode.wireName() + "' takes none (only slow and flaky take a value)");
            }
            return of(mode);
        }
        String allowedValues = "an integer from " + range.get().min() + " to " + range.get().max()
                + " (" + range.get().meaning() + "), required by mode '" + mode.wireName() + "'";
        if (valueText == null || valueText.isBlank()) {
            throw new InvalidFaultException(InvalidFaultException.Parameter.VALUE, valueText, allowedValues);
        }
        int value;
        try {
            value = Integer.parseInt(valueText.strip());
        } catch (NumberFormatException notAnInteger) {
            throw new InvalidFaultException(InvalidFaultException.Parameter.VALUE, valueText, allowedValues);
        }
        if (!range.get().contains(value)) {
            throw new InvalidFaultException(InvalidFaultException.Parameter.VALUE, valueText, allowedValues);
        }
        return of(mode, value);
    }

    /** A short human form: {@code slow 300}, {@code down}. */
    public String describe() {
        return mode.valueRange().isPresent() ? mode.wireName() + " " + value : mode.wireName();
    }
}
