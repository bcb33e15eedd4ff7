package org.glassprobe.api.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies with a bound, so that an oversized body is refused before it fills memory.
 * A refused body is read on and thrown away up to a few times the limit, so that the client, still
 * sending, gets the 413 instead of a reset connection; beyond that the connection is closed.
 */
public final class Bodies {
    private static final long MAX_DRAIN = 64L * 1024 * 1024;

    private Bodies() {}

    /**
     * The body's bytes.
     *
     * @throws ApiException 413 naming the limit when the body is larger than {@code limit} bytes
     */
    public static byte[] read(Context ctx, long limit, String what) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            refuse(ctx, limit, 0);
            throw tooLarge(what, declared, limit);
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                refuse(ctx, limit, bytes.length);
                throw tooLarge(what, -1, limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    /**
     * Before a 413: reads and discards the rest of the body if it is at most a few times the limit
     * (the client then reads the answer on an intact connection); else asks for the connection to
     * be closed.
     */
    public static void refuse(Context ctx, long limit, long alreadyRead) {
        long declared = ctx.req().getContentLengthLong();
        long cap = Math.min(MAX_DRAIN, Math.max(limit * 4, 1024 * 1024));
        if (declared > cap) {
            ctx.header("Connection", "close");
            return;
        }
        byte[] buffer = new byte[16 * 1024];
        long drained = alreadyRead;
        try {
            InputStream in = ctx.req().getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                drained += n;
                if (drained > cap) {
                    ctx.header("Connection", "close");
                    return;
                }
            }
        } catch (IOException e) {
            ctx.header("Connection", "close");
        }
    }

    private static ApiException tooLarge(String what, long declared, long limit) {
        return new ApiException(413, what + " is " + (declared >= 0 ? declared + " bytes" : "larger than the limit")
                + "; at most " + limit + " bytes are accepted");
    }
}
