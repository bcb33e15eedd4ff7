package org.glassprobe.api.page;

import java.util.List;
import org.glassprobe.api.query.StoredResult;

/** What the page reads of raw results: a check's recent runs and recent failures. */
public interface RecentResults {
    /**
     * A page of a check's raw results, newest first, started in [fromMs, toMs), optionally of one
     * region, after the cursor (the last page's final startedAt and seq), at most {@code limit}.
     */
    List<StoredResult> page(String check, long fromMs, long toMs, String region, long[] cursor, int limit);

    /**
     * A check's newest failed results, newest first (by startedAt, then arrival), started in
     * [fromMs, toMs), at most {@code limit}: what the uptime page shows of recent failures.
     */
    List<StoredResult> failures(String check, long fromMs, long toMs, int limit);

    /**
     * By region, the earliest certificate expiry the latest results of a check's probes there
     * report (the first certificate to expire over the chains each run was shown); regions whose
     * latest results saw no TLS are left out.
     */
    java.util.Map<String, java.time.Instant> certificateExpiry(String check);
}
