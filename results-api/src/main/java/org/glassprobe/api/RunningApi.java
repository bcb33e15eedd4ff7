package org.glassprobe.api;

import io.javalin.Javalin;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassprobe.api.journey.JourneyRollups;
import org.glassprobe.api.journey.JourneyService;
import org.glassprobe.api.liveness.LivenessService;
import org.glassprobe.api.notify.Dispatcher;
import org.glassprobe.api.outage.CheckStates;
import org.glassprobe.api.outage.OutageService;
import org.glassprobe.api.rollup.RetentionService;
import org.glassprobe.api.rollup.RollupService;
import org.glassprobe.api.store.Database;
import org.glassprobe.scheduler.PeriodicScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results API, started: its HTTP server, periodic jobs and database. Close it to stop all
 * three, in that order. The services of the periodic jobs are reachable so that tests can run a
 * job's work at a moment they choose (with an injected clock).
 */
public final class RunningApi implements AutoCloseable {
    private final Logger logger = LoggerFactory.getLogger(RunningApi.class);
    private final Javalin server;
    private final PeriodicScheduler jobs;
    private final Database database;
    private final LivenessService liveness;
    private final RollupService rollups;
    private final RetentionService retention;
    private final OutageService outages;
    private final CheckStates checkStates;
    private final Dispatcher dispatcher;
    private final JourneyService journeys;
    private final JourneyRollups journeyRollups;
    private final org.glassprobe.api.confirm.ConfirmationService confirmations;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The parts of a running API. */
    record Parts(Javalin server, PeriodicScheduler jobs, Database database, LivenessService liveness,
            RollupService rollups, RetentionService retention, OutageService outages, CheckStates checkStates,
            Dispatcher dispatcher, JourneyService journeys, JourneyRollups journeyRollups,
            org.glassprobe.api.confirm.ConfirmationService confirmations) {}

    RunningApi(Parts parts) {
        this.server = parts.server();
        this.jobs = parts.jobs();
        this.database = parts.database();
        this.liveness = parts.liveness();
        this.rollups = parts.rollups();
        this.retention = parts.retention();
        this.outages = parts.outages();
        this.checkStates = parts.checkStates();
        this.dispatcher = parts.dispatcher();
        this.journeys = parts.journeys();
        this.journeyRollups = parts.journeyRollups();
        this.confirmations = parts.confirmations();
    }

    /** The confirmation rounds and the probes' command channel. */
    public org.glassprobe.api.confirm.ConfirmationService confirmations() {
        return confirmations;
    }

    public int port() {
        return server.port();
    }

    /** Every route the server answers, as "METHOD /path/{param}", HEAD and OPTIONS included. */
    public java.util.SortedSet<String> routes() {
        java.util.SortedSet<String> routes = new java.util.TreeSet<>();
        server.unsafe.internalRouter.allHttpHandlers().stream().filter(h -> h.endpoint.method.isHttpMethod())
                .forEach(h -> routes.add(h.endpoint.method.name() + " " + h.endpoint.path));
        return routes;
    }

    public LivenessService liveness() {
        return liveness;
    }

    public RollupService rollups() {
        return rollups;
    }

    public RetentionService retention() {
        return retention;
    }

    public JourneyService journeys() {
        return journeys;
    }

    /** The journeys' share of the roll-up and retention jobs. */
    public JourneyRollups journeyRollups() {
        return journeyRollups;
    }

    public OutageService outages() {
        return outages;
    }

    /** Each check's decided state, its regions' and its outages: what the uptime page shows. */
    public CheckStates checkStates() {
        return checkStates;
    }

    public boolean jobsRunning() {
        return jobs.running();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        confirmations.stop(); // the probes waiting for commands are answered, and reconnect (to another replica)
        server.stop();
        journeys.close();
        jobs.close();
        dispatcher.close();
        database.close();
        logger.atInfo().log("results API stopped");
    }
}
