package org.glassprobe.probe.agent;

/**
 * The probe's version: the one its heartbeats report and {@code --version} prints. It is the jar
 * manifest's Implementation-Version (the Maven project's version, set by the shade plugin), or
 * "0.1.0-dev" when run from classes.
 */
public final class AgentVersion {
    private AgentVersion() {}

    public static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
