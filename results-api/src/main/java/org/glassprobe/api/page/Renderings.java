package org.glassprobe.api.page;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What was made (rendered) from the newest read of each key, so that the requests sharing one
 * {@link SharedReads} read make it once between them. A request holding a read older than the one an
 * answer was made from gets that newer answer instead: the newer read began after the request's
 * own read began, so after the request arrived, and it is as fresh as the request may ask. Only the
 * newest answer of each key is kept, for the keys asked for most recently.
 *
 * @param <K> the key (the check's name; one constant for the overview)
 * @param <R> what a read returns
 * @param <A> what is made from it
 */
final class Renderings<K, R, A> {
    /** What one read returned, and when it began ({@link System#nanoTime()}, taken before it read anything). */
    record Read<R>(long began, R value) {
        static <R> Read<R> of(Supplier<R> read) {
            long began = System.nanoTime();
            return new Read<>(began, read.get());
        }

        boolean beganAfter(Read<?> other) {
            return began - other.began > 0;
        }
    }

    private record Made<R, A>(Read<R> read, A answer) {}

    private final int keep;
    private final Map<K, Made<R, A>> newest;
    private final Map<K, Object> makers = new ConcurrentHashMap<>();

    /** @param keep how many keys' answers are kept (the least recently asked for go first) */
    Renderings(int keep) {
        this.keep = keep;
        this.newest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Made<R, A>> eldest) {
                return size() > Renderings.this.keep;
            }
        };
    }

    /**
     * The answer made from this read or from a newer one of the same key; made here, once, when
     * there is none (the other requests holding the same read wait for it).
     */
    A get(K key, Read<R> read, Function<R, A> make) {
        A known = usable(key, read);
        if (known != null) {
            return known;
        }
        synchronized (makers.computeIfAbsent(key, k -> new Object())) {
            known = usable(key, read);
            if (known != null) {
                return known;
            }
            A made = make.apply(read.value());
            synchronized (newest) {
                Made<R, A> now = newest.get(key);
                if (now == null || !now.read().beganAfter(read)) {
                    newest.put(key, new Made<>(read, made));
                }
            }
            return made;
        }
    }

    private A usable(K key, Read<R> read) {
        synchronized (newest) {
            Made<R, A> m = newest.get(key);
            return m != null && (m.read() == read || m.read().beganAfter(read)) ? m.answer() : null;
        }
    }
}
