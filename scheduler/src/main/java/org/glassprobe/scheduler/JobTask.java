package org.glassprobe.scheduler;

/** What a job does on each planned run. */
@FunctionalInterface
public interface JobTask {
    /** Runs once; an exception is reported to the listener and does not stop later runs. */
    void run(ScheduledRun run) throws Exception;
}
