package org.glassprobe.api.auth;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the admin token's hash comes from: the configured token (config file or
 * {@code GLASSPROBE_ADMIN_TOKEN}) when there is one; otherwise a token generated at the first
 * start, printed once, and only its hash stored.
 */
public final class AdminToken {
    static final String SETTING = "admin_token_sha256";
    private static final Logger logger = LoggerFactory.getLogger(AdminToken.class);

    private AdminToken() {}

    /**
     * The hash to check admin tokens against.
     *
     * @param configured  the configured token, if any
     * @param stored      reads the stored hash by setting name
     * @param storeIfNone stores a hash unless one is stored and returns the one stored
     */
    public static String hash(Optional<String> configured, Function<String, Optional<String>> stored,
            UnaryOperator<String> storeIfNone, Tokens tokens, PrintStream out) {
        if (configured.isPresent()) {
            logger.atInfo().log("admin token from the configuration");
            return Tokens.hash(configured.get());
        }
        Optional<String> hash = stored.apply(SETTING);
        if (hash.isPresent()) {
            logger.atInfo().log("admin token: the one generated at the first start (only its hash is stored)");
            return hash.get();
        }
        String token = tokens.newToken("gpa_");
        String kept = storeIfNone.apply(Tokens.hash(token));
        if (kept.equals(Tokens.hash(token))) {
            out.println("glassprobe-api: generated the admin token (shown this once; only its hash is stored):");
            out.println("  " + token);
            out.flush();
            logger.atInfo().log("admin token generated and printed once");
        }
        return kept;
    }
}
