package org.glassprobe.api.outage;

import java.util.Objects;

/** A probe as a decision sees it: its region, and whether it is alive (up), so that its results vote. */
public record Voter(String probe, String region, boolean alive) {
    public Voter {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(region, "region");
    }
}
