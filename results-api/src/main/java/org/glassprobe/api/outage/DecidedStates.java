package org.glassprobe.api.outage;

import java.util.List;
import java.util.Optional;

/**
 * {@link CheckStates} from the stored decisions: each check's state as last decided (a check never
 * decided about yet is UNKNOWN since it was pushed), each region's, and the outages.
 */
public final class DecidedStates implements CheckStates {
    private final OutageStore store;

    public DecidedStates(OutageStore store) {
        this.store = store;
    }

    @Override
    public List<CheckState> all() {
        return store.states(null).stream().map(DecidedStates::view).toList();
    }

    @Override
    public Optional<CheckState> of(String check) {
        return store.states(check).stream().findFirst().map(DecidedStates::view);
    }

    @Override
    public List<Incident> incidents(String check, int limit) {
        return store.incidents(check, List.of(IncidentKind.OUTAGE), limit).stream().map(IncidentRecord::view).toList();
    }

    private static CheckState view(OutageStore.StoredState s) {
        if (s.record() == null) {
            return new CheckState(s.check(), State.UNKNOWN, s.createdAt(), List.of());
        }
        return new CheckState(s.check(), s.record().state(), s.record().since(),
                s.regions().stream().map(RegionRecord::view).toList());
    }
}
