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

    /**
     * An event to announce about an incident, with the regions it names, and the announced
     * incidents it ends silently (a regional failure grown into the outage this event opens, a
     * regional slowdown grown into the check's degradation), whose own ending is never announced.
     */
    public record Announcement(org.glassprobe.api.notify.EventType type, IncidentRecord incident, List<String> regions,
            List<String> supersedes) {
        public Announcement {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(incident, "incident");
            regions = List.copyOf(regions);
            supersedes = List.copyOf(supersedes);
        }

        public Announcement(org.glassprobe.api.notify.EventType type, IncidentRecord incident, List<String> regions) {
            this(type, incident, regions, List.of());
        }

        /** The same announcement, also ending these incidents. */
        Announcement superseding(String incidentId) {
            List<String> more = new java.util.ArrayList<>(supersedes);
            more.add(incidentId);
            return new Announcement(type, incident, regions, more);
        }
    }
}
