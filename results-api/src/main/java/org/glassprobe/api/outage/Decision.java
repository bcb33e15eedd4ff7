package org.glassprobe.api.outage;

import java.util.List;
import java.util.Objects;

/**
 * What a decision concluded: the check's new state, each region's, the incidents opened, changed or
 * resolved, and the events to announce. Nothing to write when {@code changed} is false.
 */
public record Decision(CheckRecord check, List<RegionRecord> regions, List<IncidentRecord> incidents,
        List<Announcement> announcements, boolean changed) {
    public Decision {
        Objects.requireNonNull(check, "check");
        regions = List.copyOf(regions);
        incidents = List.copyOf(incidents);
        announcements = List.copyOf(announcements);
    }

    /** An event to announce about an incident, with the regions it names. */
    public record Announcement(org.glassprobe.api.notify.EventType type, IncidentRecord incident, List<String> regions) {
        public Announcement {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(incident, "incident");
            regions = List.copyOf(regions);
        }
    }
}
