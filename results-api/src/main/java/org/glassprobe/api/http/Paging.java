package org.glassprobe.api.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The one way a list that can grow is paged: {@code ?limit=N&cursor=C}, and the answer's
 * {@code nextCursor}, null on the last page. A cursor is opaque to callers: the base64url of the
 * list's name and the sort key of the page's last row, which is unique, so that a walk through the
 * pages sees every row exactly once whatever is added meanwhile before the cursor; a cursor of
 * another list is refused.
 */
public final class Paging {
    /** The default page size where a route documents none. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page where a route documents none. */
    public static final int MAX_LIMIT = 1000;

    private Paging() {}

    /**
     * What a request asks for: at most {@code limit} rows after the row whose key is {@code after}
     * (null: from the first).
     */
    public record Request(int limit, String after) {}

    /** One page: its rows and the cursor of the next page, null when this is the last. */
    public record Page<T>(List<T> items, String nextCursor) {
        public Page {
            items = List.copyOf(items);
        }

        public <U> Page<U> map(Function<? super T, ? extends U> f) {
            return new Page<>(items.stream().<U>map(f).toList(), nextCursor);
        }
    }

    /**
     * The limit and cursor of a request for the named list; a bad one is a 400 that names the
     * parameter and the fix.
     */
    public static Request read(Context ctx, String list, int defaultLimit, int maxLimit) {
        int limit = QueryParams.limit(ctx, defaultLimit, maxLimit);
        String cursor = ctx.queryParam("cursor");
        return new Request(limit, cursor == null ? null : decode(list, cursor));
    }

    /** The same with the defaults, 100 and 1000. */
    public static Request read(Context ctx, String list) {
        return read(ctx, list, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A cursor of the named list for the row with this sort key. */
    public static String cursor(String list, String key) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((list + "|" + key)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The 400 for a cursor that this API did not give out (or that does not fit the route). */
    public static ApiException badCursor(String found) {
        return ApiException.badRequest("query parameter cursor is not one this API gave out: pass the nextCursor of"
                + " the previous page unchanged, or leave it out for the first page; found '"
                + QueryParams.shorten(found) + "'");
    }

    private static String decode(String list, String cursor) {
        try {
            String text = new String(java.util.Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String key = text.startsWith(list + "|") ? text.substring(list.length() + 1) : "";
            if (!key.isEmpty() && cursor.equals(cursor(list, key))) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw badCursor(cursor);
    }

    /**
     * The page of rows a store read as "after the cursor, at most limit + 1": the extra row only
     * says there is a next page.
     */
    public static <T> Page<T> of(List<T> limitPlusOne, int limit, String list, Function<? super T, String> key) {
        if (limitPlusOne.size() <= limit) {
            return new Page<>(limitPlusOne, null);
        }
        List<T> rows = limitPlusOne.subList(0, limit);
        return new Page<>(rows, cursor(list, key.apply(rows.get(limit - 1))));
    }

    /**
     * A page of a list the API holds whole anyway (bounded by a setting, or read whole for its own
     * work): sorted by the unique key ({@code descending}: greatest first), the rows after the
     * cursor's key.
     */
    public static <T> Page<T> slice(List<T> all, Request request, String list, Function<? super T, String> key,
            boolean descending) {
        Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        List<T> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(key, order));
        List<T> after = request.after() == null ? sorted
                : sorted.stream().filter(t -> order.compare(key.apply(t), request.after()) > 0).toList();
        return of(after.subList(0, Math.min(after.size(), request.limit() + 1)), request.limit(), list, key);
    }

    /** A non-negative whole number read from a cursor's key; a 400 for anything else. */
    public static long number(String key) {
        try {
            long n = Long.parseLong(key);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw badCursor(key);
    }

    /** A non-negative number as a key that sorts as text in the number's order. */
    public static String sortable(long n) {
        return String.format(java.util.Locale.ROOT, "%020d", n);
    }
}
