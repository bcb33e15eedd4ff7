package org.glassprobe.scenarios.result;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the TLS handshake of an HTTP step showed: the protocol and cipher, the server's certificate
 * and the earliest expiry over the chain it presented, and whether that chain validates and names
 * the host. Recorded also when the handshake was refused for one of those reasons, so the result
 * says which certificate it was.
 *
 * @param version              the protocol as blackbox_exporter writes it ("TLS 1.3")
 * @param cipher               the cipher suite's standard name
 * @param subject              the server certificate's subject (RFC 2253)
 * @param issuer               the server certificate's issuer (RFC 2253)
 * @param fingerprintSha256    the server certificate's SHA-256, lower-case hex
 * @param notAfter             when the server certificate expires
 * @param earliestExpiry       the earliest notAfter over the chain the server presented
 * @param earliestExpirySubject the subject of the certificate that expires first
 * @param trusted              whether the chain validates against the probe's trust store
 * @param hostnameMatch        whether the server certificate names the host asked for
 * @param problem              why the chain is not trusted or not for the host, in words; null when both hold
 */
public record TlsInfo(String version, String cipher, String subject, String issuer, String fingerprintSha256,
        Instant notAfter, Instant earliestExpiry, String earliestExpirySubject, boolean trusted,
        boolean hostnameMatch, String problem) {
    public TlsInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(earliestExpiry, "earliestExpiry");
    }

    /** Time left until the earliest expiry of the chain (negative once expired). */
    public Duration expiresIn(Instant now) {
        return Duration.between(now, earliestExpiry);
    }

    /** Whole days left until the chain's earliest expiry, rounded down (negative once expired). */
    public static long daysLeft(Instant expiry, Instant now) {
        return Math.floorDiv(expiry.toEpochMilli() - now.toEpochMilli(), 86_400_000L);
    }

    /**
     * The blackbox_exporter spelling of a JSSE protocol name: {@code TLSv1.3} is {@code TLS 1.3},
     * {@code TLSv1} is {@code TLS 1.0}; anything else as it is.
     */
    public static String versionName(String jsse) {
        if (jsse == null) {
            return null;
        }
        return switch (jsse) {
            case "TLSv1" -> "TLS 1.0";
            case "TLSv1.1" -> "TLS 1.1";
            case "TLSv1.2" -> "TLS 1.2";
            case "TLSv1.3" -> "TLS 1.3";
            case "SSLv3" -> "SSL 3.0";
            default -> jsse;
        };
    }
}
