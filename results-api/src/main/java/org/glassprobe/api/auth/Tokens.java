package org.glassprobe.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes tokens and their hashes. Tokens carry 256 random bits, so a plain SHA-256 is a safe way to
 * store them (no password stretching needed), and a lookup by hash leaks nothing by its timing.
 */
public final class Tokens {
    private final SecureRandom random;

    public Tokens(SecureRandom random) {
        this.random = random;
    }

    /** A new token: the prefix (gpa_ admin, gpp_ probe) and 43 base64url characters. */
    public String newToken(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Compares two hashes in constant time. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
