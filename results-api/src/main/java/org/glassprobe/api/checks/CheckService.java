package org.glassprobe.api.checks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.outage.PolicyCodec;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.MediaTypes;
import org.glassprobe.scenarios.model.OutagePolicy;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.parse.Problem;

/**
 * The check catalogue: validates pushed checks with the check language (the same parser as the
 * CLI, with the files sent along as the bundle an upload step reads from), stores them, and tells
 * each region which checks it runs, with an ETag.
 */
public final class CheckService {
    private final CheckStore store;
    private final CheckLanguage language;
    private final Clock clock;
    private final ApiConfig.Checks limits;

    public CheckService(CheckStore store, CheckLanguage language, Clock clock, ApiConfig.Checks limits) {
        this.store = store;
        this.language = language;
        this.clock = clock;
        this.limits = limits;
    }

    public ApiConfig.Checks limits() {
        return limits;
    }

    /**
     * How a check is pushed: by whom, and whether to store it at all.
     *
     * @param owner  who deploys it as code; null keeps the stored owner (none for a new check)
     * @param adopt  take the check over from another owner, or from none (made by hand)
     * @param dryRun validate everything and answer as a real push would, but store nothing
     */
    public record PutOptions(String owner, boolean adopt, boolean dryRun) {
        public static final PutOptions PLAIN = new PutOptions(null, false, false);
    }

    /**
     * Validates and stores a check.
     *
     * @param name     the name it is pushed under (must be the name in the file)
     * @param fileName the name shown in problems
     * @throws InvalidCheck  when the file is not a valid check; nothing changes then
     * @throws OwnerConflict when the check is owned by another owner or by none, and not adopted
     */
    public PutResult put(String name, String fileName, String text, Map<String, byte[]> files, PutOptions options)
            throws InvalidCheck, OwnerConflict {
        Check check;
        try {
            check = language.describe(new Check.Source(fileName, text, CheckLanguage.formatOf(fileName)),
                    FileResolver.bundle(files));
        } catch (InvalidCheckException e) {
            throw new InvalidCheck(e.problems());
        }
        if (!check.name().equals(name)) {
            throw new InvalidCheck(List.of(new Problem(fileName, 0, 0, "name", "the file names the check '"
                    + check.name() + "' but it was pushed as '" + name + "': push it to /api/v1/checks/{"
                    + "its name}, or change the name in the file")));
        }
        Optional<StoredCheck> existing = store.find(name);
        String storedOwner = existing.map(StoredCheck::owner).orElse(null);
        if (options.owner() != null && existing.isPresent() && !options.owner().equals(storedOwner)
                && !options.adopt()) {
            throw new OwnerConflict(name, storedOwner);
        }
        String owner = options.owner() != null ? options.owner() : storedOwner;
        List<CheckFile> stored = new ArrayList<>();
        new TreeMap<>(files).forEach((path, bytes) -> stored.add(new CheckFile(path, bytes.length,
                MediaTypes.sha256(bytes), bytes)));
        Instant now = clock.instant();
        StoredCheck candidate = new StoredCheck(check.name(), check.kind().wireName(), check.interval(), check.timeout(),
                check.retries(), check.regions(), fileName, text, version(text, stored),
                existing.map(StoredCheck::createdAt).orElse(now), now, stored, check.labels(), owner);
        if (options.dryRun()) {
            return new PutResult(dryRunOutcome(existing, candidate), candidate);
        }
        // a journey's reader reads the object of its round: a run out of the schedule has none to read
        OutagePolicy policy = check.journey().isPresent() ? check.outage().withoutConfirmations() : check.outage();
        CheckStore.PutOutcome outcome = store.put(candidate, PolicyCodec.encode(policy), limits.maxChecks());
        return new PutResult(outcome, outcome == CheckStore.PutOutcome.TOO_MANY ? null : find(name).orElseThrow());
    }

    /** What {@link CheckStore#put} would answer, read without writing. */
    private CheckStore.PutOutcome dryRunOutcome(Optional<StoredCheck> existing, StoredCheck candidate) {
        if (existing.isEmpty()) {
            return store.list().size() >= limits.maxChecks() ? CheckStore.PutOutcome.TOO_MANY
                    : CheckStore.PutOutcome.CREATED;
        }
        StoredCheck now = existing.get();
        return now.version().equals(candidate.version()) && Objects.equals(now.owner(), candidate.owner())
                ? CheckStore.PutOutcome.UNCHANGED : CheckStore.PutOutcome.REPLACED;
    }

    /** What a put did (or, dry, would do), and the check as now stored (null when refused for the limit). */
    public record PutResult(CheckStore.PutOutcome outcome, StoredCheck check) {}

    /** One check with its text and its files' content. */
    public Optional<StoredCheck> findWithContent(String name) {
        return store.findWithContent(name);
    }

    public Optional<StoredCheck> find(String name) {
        return store.find(name);
    }

    public List<StoredCheck> list() {
        return store.list();
    }

    public boolean delete(String name) {
        return store.delete(name);
    }

    /** The checks a probe of this region runs, with their text and files. */
    public List<StoredCheck> forRegion(String region) {
        return store.listWithContent().stream().filter(c -> c.runsIn(region)).toList();
    }

    /** A strong ETag of the set of checks a region runs: changes when any of them changes, appears or goes. */
    public String etag(String region) {
        return etagOf(region, store.list().stream().filter(c -> c.runsIn(region)).toList());
    }

    public static String etagOf(String region, List<StoredCheck> checks) {
        StringBuilder s = new StringBuilder(region).append('\n');
        checks.stream().sorted(java.util.Comparator.comparing(StoredCheck::name))
                .forEach(c -> s.append(c.name()).append('\0').append(c.version()).append('\n'));
        return "\"" + MediaTypes.sha256(s.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"";
    }

    static String version(String text, List<CheckFile> files) {
        StringBuilder s = new StringBuilder(text).append('\0');
        files.forEach(f -> s.append(f.path()).append('\0').append(f.sha256()).append('\0'));
        return MediaTypes.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
