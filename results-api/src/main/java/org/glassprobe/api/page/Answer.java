package org.glassprobe.api.page;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A page or JSON body made once and sent to every request that shares the read it was made from:
 * its bytes, its ETag and, made when a request first asks for it, its gzip form. Compressing a
 * page of about 100 kB costs about a millisecond; 50 readers asking for the same page would
 * otherwise pay it each time.
 */
final class Answer {
    private final byte[] plain;
    private final String etag;
    private volatile byte[] gzip;

    private Answer(byte[] plain) {
        this.plain = plain;
        this.etag = etagOf(plain);
    }

    static Answer of(String body) {
        return new Answer(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body in UTF-8. */
    byte[] plain() {
        return plain;
    }

    /** A weak ETag made from the plain bytes: the same for both forms. */
    String etag() {
        return etag;
    }

    /** The same body, gzip-compressed (made once, at the first call). */
    byte[] gzip() {
        byte[] g = gzip;
        if (g == null) {
            synchronized (this) {
                g = gzip;
                if (g == null) {
                    g = compress(plain);
                    gzip = g;
                }
            }
        }
        return g;
    }

    /**
     * Sends the body (gzip when the request accepts it), or {@code 304} without a body when the
     * request's If-None-Match names its ETag: the answer is then exactly the one the client holds, so
     * a 304 can never hide a change. The ETag is weak because the same answer travels in two forms.
     */
    void send(Context ctx) {
        ctx.header("ETag", etag);
        ctx.header("Vary", "Accept-Encoding");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.status(200);
        if (acceptsGzip(ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", "gzip"); // set first: Javalin then leaves the bytes as they are
            ctx.result(gzip());
        } else {
            ctx.result(plain);
        }
    }

    static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Whether an If-None-Match header names the ETag (weak comparison, as RFC 9110 asks for it). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an Accept-Encoding header accepts gzip (RFC 9110 §12.5.3): {@code gzip}, {@code x-gzip} or
     * {@code *}, with a weight above zero; {@code gzip;q=0} refuses it.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean star = null;
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            boolean accepted = true;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    accepted = weight(p.substring(2)) > 0;
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return accepted;
            }
            if (coding.equals("*")) {
                star = accepted;
            }
        }
        return Boolean.TRUE.equals(star);
    }

    private static double weight(String q) {
        try {
            return Double.parseDouble(q.strip());
        } catch (NumberFormatException e) {
            return 0; // a weight that cannot be read accepts nothing
        }
    }

    private static byte[] compress(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 6 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 8192)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException("compressing in memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
