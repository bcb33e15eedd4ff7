package org.glassprobe.api.auth;

/** Who is calling, as proven by the token: the admin, one probe, or anyone. */
public sealed interface Caller {
    /** The holder of the admin token. */
    record Admin() implements Caller {}

    /** A probe; its identity and region come from its token, never from a request body. */
    record ProbeCaller(long id, String name, String region) implements Caller {}

    /** No token. */
    record Anonymous() implements Caller {}
}
