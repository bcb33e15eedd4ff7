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
 * attempt reuse them, as a browser would), its own cookies, and its own TLS context (so no TLS
 * session is resumed from an earlier attempt either: each attempt's first handshake is a full one,
 * and its certificate chain is checked and recorded).
 */
final class HttpSession implements AutoCloseable {
    private final ConnectionPool pool = new ConnectionPool(5, 1, TimeUnit.MINUTES);
    private final TlsRecorder tls = new TlsRecorder();
    private final OkHttpClient base;
    private final OkHttpClient client;
    private OkHttpClient accepting;

    HttpSession(OkHttpClient base) {
        this.base = base;
        this.client = tls.install(base.newBuilder().connectionPool(pool).cookieJar(new SessionCookies()), base, false)
                .build();
    }

    /** The attempt's client: it trusts what the base client trusts, and records every chain it is shown. */
    OkHttpClient client() {
        return client;
    }

    /**
     * The attempt's client that lets a handshake go on with a chain the base client would refuse
     * (untrusted, expired, for another host), recording it all the same; it shares the pool and the
     * cookies, and never a connection with the strict client (OkHttp keys connections by their TLS
     * settings).
     */
    synchronized OkHttpClient client(boolean acceptUntrusted) {
        if (!acceptUntrusted) {
            return client;
        }
        if (accepting == null) {
            accepting = tls.install(client.newBuilder(), base, true).build();
        }
        return accepting;
    }

    /** What the servers' certificates showed. */
    TlsRecorder tls() {
        return tls;
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
