package org.glassprobe.api.checks;

/**
 * A push with an owner onto a check that another owner deploys, or that was made by hand (owner
 * null), without {@code adopt=true}: refused, so that no team's apply overwrites another's check.
 */
public final class OwnerConflict extends Exception {
    private static final long serialVersionUID = 1L;

    private final String currentOwner;

    public OwnerConflict(String check, String currentOwner) {
        super("check '" + check + "' " + (currentOwner == null ? "was made by hand (it has no owner)"
                : "is owned by '" + currentOwner + "'") + "; nothing was changed. Push it with adopt=true to take"
                + " it over, or choose another name");
        this.currentOwner = currentOwner;
    }

    /** The check's owner now; null when it was made by hand. */
    public String currentOwner() {
        return currentOwner;
    }
}
