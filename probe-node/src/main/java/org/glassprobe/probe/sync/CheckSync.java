package org.glassprobe.probe.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the probe's checks in step with the results API: pulls them with their ETag, keeps the
 * last set on disk, and runs that set when the API cannot be reached, also after a restart.
 */
public final class CheckSync {
    private static final Logger logger = LoggerFactory.getLogger(CheckSync.class);

    private final ApiClient api;
    private final Path cacheFile;
    private final CheckLanguage language;
    private final Consumer<List<Check>> apply;
    private final Clock clock;
    private final ObjectMapper json = ResultJson.newMapper();
    private volatile String etag;
    /** One pull at a time (the timer's, a heartbeat's, the command channel's). */
    private final ReentrantLock pulling = new ReentrantLock();
    /** A pull was handed to an executor and has not started yet. */
    private final AtomicBoolean pullAsked = new AtomicBoolean();
    private volatile Instant lastPull;
    /** The last problem with pulling or keeping the checks; cleared when the API next answers. */
    private volatile String pullError;
    /**
     * The checks of the set in effect that this probe cannot read or compile; kept until another set
     * arrives, so that a pull answered "unchanged" does not hide them.
     */
    private volatile String refused;

    /**
     * @param apply receives the whole set of checks whenever it changes (and once at start-up
     *              from the disk, if a set was kept there)
     */
    public CheckSync(ApiClient api, Path cacheFile, CheckLanguage language, Consumer<List<Check>> apply, Clock clock) {
        this.api = api;
        this.cacheFile = cacheFile;
        this.language = language;
        this.apply = apply;
        this.clock = clock;
    }

    /** Applies the set kept on disk, if any, so the probe runs before the API first answers. */
    public void loadKept() {
        if (!Files.exists(cacheFile)) {
            return;
        }
        try {
            AssignedChecks kept = read(json.readTree(Files.readAllBytes(cacheFile)));
            etag = kept.etag();
            List<Check> checks = rebuild(kept);
            apply.accept(checks);
            logger.atInfo().addKeyValue("checks", checks.size()).addKeyValue("file", cacheFile)
                    .log("running the checks kept from the last pull until the results API answers");
        } catch (IOException | RuntimeException e) {
            pullError = "the checks kept in " + cacheFile + " cannot be read: " + e.getMessage();
            logger.atError().addKeyValue("file", cacheFile).setCause(e)
                    .log("cannot read the kept checks; waiting for the results API");
        }
    }

    /**
     * The API says its ETag of this probe's checks is now {@code etag} (the command channel's answer):
     * when that is not the one held, a pull is started on {@code executor}. A pull asked for or running
     * already is enough. Safe to call from any thread; it does not wait for the pull.
     */
    public void heard(String etag, Executor executor) {
        if (etag == null || etag.equals(this.etag) || pulling.isLocked() || !pullAsked.compareAndSet(false, true)) {
            return;
        }
        logger.atDebug().addKeyValue("etag", etag).addKeyValue("held", this.etag)
                .log("the results API has other checks for this probe; pulling them now");
        try {
            executor.execute(() -> {
                pullAsked.set(false);
                pull();
            });
        } catch (RejectedExecutionException stopping) {
            pullAsked.set(false);
        }
    }

    /** Asks the API for the checks; applies and keeps them when they changed. True when they changed. */
    public boolean pull() {
        pulling.lock();
        try {
            return pullLocked();
        } finally {
            pulling.unlock();
        }
    }

    private boolean pullLocked() {
        try {
            Optional<AssignedChecks> fetched = api.checks(etag);
            lastPull = clock.instant();
            pullError = null;
            if (fetched.isEmpty()) {
                return false;
            }
            AssignedChecks assigned = fetched.get();
            List<Check> checks = rebuild(assigned);
            keep(assigned);
            etag = assigned.etag();
            apply.accept(checks);
            logger.atInfo().addKeyValue("checks", checks.size()).addKeyValue("etag", etag)
                    .log("checks changed; running the new set");
            return true;
        } catch (ApiException e) {
            pullError = e.getMessage();
            logger.atWarn().addKeyValue("reason", e.getMessage())
                    .log("cannot pull checks; running the last set until the results API answers");
            return false;
        } catch (IOException e) {
            pullError = "cannot keep the checks on disk: " + e.getMessage();
            logger.atError().setCause(e).addKeyValue("file", cacheFile)
                    .log("cannot keep the checks on disk; a restart without the API would not run them");
            return false;
        }
    }

    /** Rebuilds each check with the same parser the CLI and the API use; a check this probe cannot read is skipped loudly. */
    private List<Check> rebuild(AssignedChecks assigned) {
        List<Check> checks = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (AssignedChecks.Assigned a : assigned.checks()) {
            try {
                checks.add(language.parse(new Check.Source(a.file(), a.text(), a.format()), FileResolver.bundle(a.files())));
            } catch (InvalidCheckException e) {
                unreadable.add(a.name());
                if (a.format().equals("java")) {
                    // The API checks a script's syntax only: what compiling finds shows here first.
                    logger.atError().addKeyValue("check", a.name()).addKeyValue("problems", e.getMessage())
                            .log("a scenario script the API sent does not compile on this probe; it will not run"
                                    + " until the script is fixed and pushed again");
                } else {
                    logger.atError().addKeyValue("check", a.name()).addKeyValue("problems", e.getMessage())
                            .log("this probe cannot read a check the API sent (is the probe older than the API?);"
                                    + " it will not run until the probe is upgraded or the check fixed");
                }
            }
        }
        refused = unreadable.isEmpty() ? null : "cannot read or compile checks " + String.join(", ", unreadable)
                + "; see this probe's log for the problems, then fix the check or upgrade the probe";
        return checks;
    }

    private void keep(AssignedChecks assigned) throws IOException {
        ObjectNode root = json.createObjectNode().put("etag", assigned.etag()).put("region", assigned.region())
                .put("keptAt", Timestamps.format(clock.instant()));
        ArrayNode list = root.putArray("checks");
        for (AssignedChecks.Assigned a : assigned.checks()) {
            ObjectNode c = list.addObject().put("name", a.name()).put("version", a.version()).put("file", a.file())
                    .put("text", a.text()).put("format", a.format());
            ObjectNode files = c.putObject("files");
            a.files().forEach((path, bytes) -> files.put(path, Base64.getEncoder().encodeToString(bytes)));
        }
        Files.createDirectories(cacheFile.getParent());
        Path tmp = cacheFile.resolveSibling(cacheFile.getFileName() + ".tmp");
        Files.write(tmp, json.writeValueAsBytes(root));
        try {
            Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static AssignedChecks read(JsonNode root) {
        List<AssignedChecks.Assigned> checks = new ArrayList<>();
        for (JsonNode c : root.path("checks")) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            c.path("files").fields().forEachRemaining(f -> files.put(f.getKey(),
                    Base64.getDecoder().decode(f.getValue().asText())));
            checks.add(new AssignedChecks.Assigned(c.path("name").asText(), c.path("version").asText(),
                    c.path("file").asText(), c.path("text").asText(), c.path("format").asText("yaml"), files));
        }
        return new AssignedChecks(root.path("region").asText(""), root.path("etag").asText(), checks);
    }

    public String etag() {
        return etag;
    }

    /** When the API last answered a pull, or null. */
    public Instant lastPull() {
        return lastPull;
    }

    /**
     * What is wrong with the checks, or null: the checks of the set in effect this probe cannot read
     * or compile (until a set without them arrives), then the last problem with pulling them.
     */
    public String lastError() {
        String cannotRun = refused;
        String pulling = pullError;
        if (cannotRun == null || pulling == null) {
            return cannotRun != null ? cannotRun : pulling;
        }
        return cannotRun + "; " + pulling;
    }
}
