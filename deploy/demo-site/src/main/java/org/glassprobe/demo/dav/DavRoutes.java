package org.glassprobe.demo.dav;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.glassprobe.demo.faults.RegionLags;
import org.glassprobe.demo.images.ErrorBody;

/**
 * A plain file store under {@code /dav/}, as a WebDAV server or a pre-signed bucket URL answers
 * it: {@code PUT /dav/{name}} keeps the request's bytes and content type (201 when new, 204 when
 * replaced), {@code GET} serves them (flipped while the {@code corrupt} fault is on for the
 * request's region), and {@code DELETE} removes them (204, or 404). Kept in memory, bounded by count and bytes, the
 * oldest evicted first: the local network's stand-in for a real store (tests use nginx's WebDAV).
 */
public final class DavRoutes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final int maxFiles;
    private final long maxTotalBytes;
    private final Predicate<String> corrupt;
    private final LinkedHashMap<String, Stored> files = new LinkedHashMap<>();
    private long totalBytes;

    private record Stored(byte[] content, String contentType) {}

    public DavRoutes(int maxFiles, long maxTotalBytes, Predicate<String> corrupt) {
        this.maxFiles = maxFiles;
        this.maxTotalBytes = maxTotalBytes;
        this.corrupt = corrupt;
    }

    public void register(RoutesConfig routes) {
        routes.put("/dav/{name}", this::put);
        routes.get("/dav/{name}", this::get);
        routes.delete("/dav/{name}", this::delete);
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches() || name.startsWith(".")) {
            ctx.status(HttpStatus.BAD_REQUEST).json(new ErrorBody("a file name under /dav/ is 1 to 200 letters,"
                    + " digits, dots, dashes and underscores, not starting with a dot"));
            return null;
        }
        return name;
    }

    private void put(Context ctx) {
        String name = name(ctx);
        if (name == null) {
            return;
        }
        byte[] content = ctx.bodyAsBytes();
        if (content.length > maxTotalBytes) {
            ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(new ErrorBody("the file is " + content.length
                    + " bytes; this store keeps at most " + maxTotalBytes));
            return;
        }
        String type = ctx.contentType() == null ? "application/octet-stream" : ctx.contentType();
        boolean replaced;
        synchronized (this) {
            Stored old = files.remove(name);
            replaced = old != null;
            if (replaced) {
                totalBytes -= old.content().length;
            }
            Iterator<Map.Entry<String, Stored>> oldestFirst = files.entrySet().iterator();
            while (files.size() >= maxFiles || totalBytes + content.length > maxTotalBytes) {
                totalBytes -= oldestFirst.next().getValue().content().length;
                oldestFirst.remove();
            }
            files.put(name, new Stored(content, type));
            totalBytes += content.length;
        }
        ctx.status(replaced ? HttpStatus.NO_CONTENT : HttpStatus.CREATED);
    }

    private void get(Context ctx) {
        String name = name(ctx);
        if (name == null) {
            return;
        }
        Stored stored;
        synchronized (this) {
            stored = files.get(name);
        }
        if (stored == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(new ErrorBody("no file /dav/" + name + " is stored"));
            return;
        }
        byte[] body = stored.content().clone();
        if (corrupt.test(ctx.header(RegionLags.HEADER)) && body.length > 0) {
            body[body.length - 1] ^= 0x01;
        }
        ctx.contentType(stored.contentType()).header("Cache-Control", "no-store").result(body);
    }

    private void delete(Context ctx) {
        String name = name(ctx);
        if (name == null) {
            return;
        }
        Stored removed;
        synchronized (this) {
            removed = files.remove(name);
            if (removed != null) {
                totalBytes -= removed.content().length;
            }
        }
        ctx.status(removed == null ? HttpStatus.NOT_FOUND : HttpStatus.NO_CONTENT);
    }

    /** How many files are kept, for the admin port. */
    public synchronized int count() {
        return files.size();
    }
}
