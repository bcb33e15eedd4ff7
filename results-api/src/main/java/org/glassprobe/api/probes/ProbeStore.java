package org.glassprobe.api.probes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.liveness.ProbeEvent;

/** What enrolment needs stored: the probes, their token hashes and, to show them, their events. */
public interface ProbeStore {
    /** Thrown when a probe of that name is enrolled already. */
    final class DuplicateProbeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DuplicateProbeException(String name) {
            super("a probe named '" + name + "' is enrolled already");
        }
    }

    /** Enrols a new probe, up from now on. @throws DuplicateProbeException when the name is taken */
    Probe enrol(String name, String region, Map<String, String> labels, String tokenHash, Instant now);

    List<Probe> list();

    Optional<Probe> find(String name);

    /** Replaces the probe's token; the old one stops working at once. */
    boolean replaceToken(String name, String tokenHash);

    /** Removes the probe and its events; its results stay (they name the probe). */
    boolean delete(String name);

    /** A probe's events, newest first. */
    default List<ProbeEvent> events(long probeId, int limit) {
        return events(probeId, null, limit);
    }

    /** A probe's events older than the event {@code beforeId} (null: from the newest), newest first. */
    List<ProbeEvent> events(long probeId, Long beforeId, int limit);
}
