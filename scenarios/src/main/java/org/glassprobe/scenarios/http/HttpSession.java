package org.glassprobe.scenarios.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The HTTP state of one attempt, like a browser tab opened for it: its own connection pool (so
 * every attempt opens fresh connections, as a user's first visit does, and steps of the same
 * attempt reuse them, as a browser would) and its own cookies.
 */
final class HttpSession implements AutoCloseable {
    private final ConnectionPool pool = new ConnectionPool(5, 1, TimeUnit.MINUTES);
    private final OkHttpClient client;

    HttpSession(OkHttpClient base) {
        this.client = base.newBuilder().connectionPool(pool).cookieJar(new SessionCookies()).build();
    }

    OkHttpClient client() {
        return client;
    }

    @Override
    public void close() {
        pool.evictAll();
    }

    /** Cookies kept for the attempt only. */
    private static final class SessionCookies implements CookieJar {
        private final List<Cookie> cookies = new ArrayList<>();

        @Override
        public synchronized void saveFromResponse(HttpUrl url, List<Cookie> received) {
            for (Cookie cookie : received) {
                cookies.removeIf(c -> c.name().equals(cookie.name()) && c.domain().equals(cookie.domain())
                        && c.path().equals(cookie.path()));
                cookies.add(cookie);
            }
        }

        @Override
        public synchronized List<Cookie> loadForRequest(HttpUrl url) {
            long now = System.currentTimeMillis();
            cookies.removeIf(c -> c.expiresAt() < now);
            return cookies.stream().filter(c -> c.matches(url)).toList();
        }
    }
}
