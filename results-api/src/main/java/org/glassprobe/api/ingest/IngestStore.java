package org.glassprobe.api.ingest;

import java.time.Instant;
import java.util.List;
import org.glassprobe.api.auth.Caller;

/** What ingestion needs stored: each result once, and the latest result per check and probe. */
public interface IngestStore {
    /**
     * Stores the results a probe sent, in one transaction: those whose id is stored already are
     * counted as duplicates; the latest result per check and probe moves forward.
     */
    IngestCounts ingest(Caller.ProbeCaller probe, List<ResultRow> rows, Instant receivedAt);
}
