package org.glassprobe.api.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassprobe.api.storage.StoreException;

/**
 * How a result's JSON is kept in {@code results.body_deflated}: one format byte, then the JSON
 * compressed with raw DEFLATE against a preset dictionary of the names and values every result
 * repeats. A result of one HTTP step, about 600 bytes of JSON, is kept in about 150: the JSON
 * alone is too short for DEFLATE to find much to repeat, and the dictionary gives it that.
 *
 * <p>A format's dictionary never changes: stored rows are read with it. A better dictionary is a
 * new format byte, and {@link #inflate} keeps reading the old ones.
 */
public final class ResultBodies {
    /** Raw DEFLATE (no zlib header) with {@link #DICTIONARY_1}. */
    private static final byte FORMAT_1 = 1;
    /**
     * What results repeat, the most frequent last (DEFLATE reaches back less far for it): the
     * fields of a failed run and of browser and script steps, then a run of one HTTP step.
     */
    private static final byte[] DICTIONARY_1 = ("""
            "earlierAttempts":[{"number":1,"startedAt":"","durationMs":,"ok":false,"steps":[],"error":{"kind":\
            "timeout","step":"","message":"timed out after "}}],"variables":{"":{"value":"","from":"check"}}\
            "kind":"browser","ok":true,"durationMs":,"request":null,"status":null,"phases":{"resolve":0.0,\
            "connect":0.0,"tls":0.0,"processing":0.0,"transfer":0.0},"conditions":[],"captures":{},"integrity":\
            {"algorithm":"sha256","expected":"","actual":"","ok":true},"timings":{"firstByte":,"domContentLoaded":\
            ,"load":},"artifacts":[{"type":"screenshot","path":"","size":,"contentType":"image/png","content":""}],\
            "cleanup":true,"notRun":"an earlier step failed"},{"name":"upload","kind":"http","ok":true,\
            "request":{"method":"POST","url":"https://"},"status":201,\
            "error":{"kind":"status","step":"http","message":"status 503, expected 200"}\
            "error":{"kind":"connect","step":"http","message":"connection refused"}\
            {"id":"","check":"","kind":"ping","startedAt":"2026-12-06T00:00:00.000Z","durationMs":,"ok":true,\
            "attempt":1,"steps":[{"name":"http","kind":"http","ok":true,"durationMs":,"request":{"method":"GET",\
            "url":"http://"},"status":200,"phases":{"resolve":0.0,"connect":0.,"tls":0.0,"processing":,\
            "transfer":0.},"conditions":[{"condition":"[STATUS] == 200","ok":true,"actual":"200","expected":\
            "200","implicit":false}],"captures":{},"timings":{},"artifacts":[]}],"earlierAttempts":[],\
            "variables":{}}""").getBytes(StandardCharsets.UTF_8);
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(
            () -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

    private ResultBodies() {}

    /** The JSON as it is kept. */
    public static byte[] deflate(String json) {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        Deflater d = DEFLATERS.get();
        d.reset();
        d.setDictionary(DICTIONARY_1);
        d.setInput(in);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 3 + 16);
        out.write(FORMAT_1);
        byte[] buffer = new byte[Math.max(256, in.length / 2)];
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        return out.toByteArray();
    }

    /** The JSON of a stored row: its text when it was kept as text (rows of older versions), else its kept bytes. */
    static String read(String text, byte[] kept) {
        return text != null ? text : inflate(kept);
    }

    /** The JSON of kept bytes. */
    public static String inflate(byte[] kept) {
        if (kept == null || kept.length < 2 || kept[0] != FORMAT_1) {
            throw new StoreException("a stored result's body is in no format this version reads (format "
                    + (kept == null || kept.length == 0 ? "none" : kept[0]) + "); was the database written by a"
                    + " newer version of glassprobe?", null);
        }
        Inflater i = INFLATERS.get();
        i.reset();
        i.setDictionary(DICTIONARY_1);
        // raw inflation may want one byte past the data (java.util.zip.Inflater's documentation): a zero
        i.setInput(Arrays.copyOfRange(kept, 1, kept.length + 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream(kept.length * 4);
        byte[] buffer = new byte[Math.max(1024, kept.length * 4)];
        try {
            while (!i.finished()) {
                int n = i.inflate(buffer);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) {
                    throw new StoreException("a stored result's body is cut short", null);
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new StoreException("a stored result's body cannot be read: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
