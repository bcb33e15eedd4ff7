package org.glassprobe.probe.agent;

/** The probe's version, from its jar's manifest. */
final class AgentVersion {
    private AgentVersion() {}

    static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
