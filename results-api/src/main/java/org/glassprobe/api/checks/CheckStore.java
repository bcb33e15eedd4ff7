package org.glassprobe.api.checks;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the check catalogue needs stored: each check's file, its files' content and its parsed fields. */
public interface CheckStore {
    /** The outcome of a put: created or replaced (or, when at the limit, refused). */
    enum PutOutcome { CREATED, REPLACED, UNCHANGED, TOO_MANY }

    /**
     * Stores the check (with its files' content) and its owner, replacing one of the same name. The
     * same version with another owner only changes the owner ({@link PutOutcome#REPLACED}).
     *
     * @param outagePolicy its outage policy in the stored form the outage decisions read (null: the defaults)
     */
    PutOutcome put(StoredCheck check, String outagePolicy, int maxChecks);

    /** One check with its text; its files described, without their content. */
    Optional<StoredCheck> find(String name);

    /** One check with its text and its files' content. */
    Optional<StoredCheck> findWithContent(String name);

    /** Every check, described (file text and content left out), by name. */
    List<StoredCheck> list();

    /**
     * The regions each of these checks runs in (an empty list: every region), read in one small
     * query; a name that is no check is not in the map. Ingestion's check of a batch: it reads only
     * the batch's few checks, not the whole catalogue.
     */
    Map<String, List<String>> regions(Collection<String> names);

    /** Every check with its text and files' content (for the probes' download), by name. */
    List<StoredCheck> listWithContent();

    boolean delete(String name);
}
