package org.glassprobe.api.page;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Lets requests that arrive together share one read, without ever answering one of them from a
 * read that began before it arrived: a request that finds a read of its key under way waits for
 * the next one, which starts when that one ends and serves every request that arrived meanwhile.
 * So each answer is as fresh as if its request had read alone (a change committed before the
 * request arrived is in it, on any replica), while 50 readers cost about one read at a time
 * instead of 50. Nothing is kept once the reads of a key are done.
 */
final class SharedReads<K, V> {
    private final Function<K, V> read;
    private final ConcurrentHashMap<K, Reads> byKey = new ConcurrentHashMap<>();

    SharedReads(Function<K, V> read) {
        this.read = read;
    }

    /** The value read for this key by a read that started after this call did. */
    V get(K key) {
        return byKey.computeIfAbsent(key, k -> new Reads()).get(key); // one removed meanwhile still reads afresh
    }

    /** The reads of one key: the one under way, and the next one that requests arriving now wait for. */
    private final class Reads {
        private CompletableFuture<V> running;
        private CompletableFuture<V> next;

        V get(K key) {
            CompletableFuture<V> mine;
            CompletableFuture<V> before = null;
            boolean leader = false;
            synchronized (this) {
                if (running == null) {
                    running = new CompletableFuture<>();
                    mine = running;
                    leader = true;
                } else if (next == null) {
                    next = new CompletableFuture<>();
                    mine = next;
                    before = running;
                    leader = true;
                } else {
                    mine = next;
                }
            }
            if (leader) {
                if (before != null) {
                    before.handle((v, e) -> null).join(); // the read that began before this request ends first
                    synchronized (this) {
                        running = mine;
                        next = null; // from here on, a request waits for a read that starts after it
                    }
                }
                try {
                    mine.complete(read.apply(key));
                } catch (RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                } finally {
                    synchronized (this) {
                        if (running == mine) {
                            running = null;
                        }
                        if (running == null && next == null) {
                            byKey.remove(key, this);
                        }
                    }
                }
            }
            try {
                return mine.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }
}
