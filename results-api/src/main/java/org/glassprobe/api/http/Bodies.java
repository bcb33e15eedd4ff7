package org.glassprobe.api.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies with a bound, so that an oversized body is refused before it fills memory. */
public final class Bodies {
    private Bodies() {}

    /**
     * The body's bytes.
     *
     * @throws ApiException 413 naming the limit when the body is larger than {@code limit} bytes
     */
    public static byte[] read(Context ctx, long limit, String what) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            ctx.header("Connection", "close");
            throw tooLarge(what, declared, limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                ctx.header("Connection", "close");
                throw tooLarge(what, -1, limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(String what, long declared, long limit) {
        return new ApiException(413, what + " is " + (declared >= 0 ? declared + " bytes" : "larger than the limit")
                + "; at most " + limit + " bytes are accepted");
    }
}
