package org.glassprobe.api.page;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What was made (rendered) from the newest report of each key, so that the requests sharing one
 * {@link SharedReads} read make it once between them. A request holding a report that an answer
 * made from a newer read exists for gets that newer answer instead: reads of one key run one after
 * the other, so a newer read began after this request's own, and so after the request arrived; it
 * is as fresh as the request may ask. Only the newest answer of each key is kept, for the keys
 * asked for most recently.
 *
 * @param <K> the key (the check's name; one constant for the overview)
 * @param <R> the report read for a key
 * @param <A> what is made from a report
 */
final class Renderings<K, R, A> {
    private record Made<R, A>(R report, A answer) {}

    private final Function<R, Instant> readAt;
    private final int keep;
    private final Map<K, Made<R, A>> newest;
    private final Map<K, Object> makers = new ConcurrentHashMap<>();

    /**
     * @param readAt when a report's read took its time: later for each later read of the same key
     * @param keep   how many keys' answers are kept (the least recently asked for go first)
     */
    Renderings(Function<R, Instant> readAt, int keep) {
        this.readAt = readAt;
        this.keep = keep;
        this.newest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Made<R, A>> eldest) {
                return size() > Renderings.this.keep;
            }
        };
    }

    /**
     * The answer made from this report or from a newer one of the same key; made here, once, when
     * there is none (the other requests holding the same report wait for it).
     */
    A get(K key, R report, Function<R, A> make) {
        A known = usable(key, report);
        if (known != null) {
            return known;
        }
        synchronized (makers.computeIfAbsent(key, k -> new Object())) {
            known = usable(key, report);
            if (known != null) {
                return known;
            }
            A made = make.apply(report);
            synchronized (newest) {
                Made<R, A> now = newest.get(key);
                if (now == null || !readAt.apply(now.report()).isAfter(readAt.apply(report))) {
                    newest.put(key, new Made<>(report, made));
                }
            }
            return made;
        }
    }

    private A usable(K key, R report) {
        synchronized (newest) {
            Made<R, A> m = newest.get(key);
            if (m != null && (m.report() == report || readAt.apply(m.report()).isAfter(readAt.apply(report)))) {
                return m.answer();
            }
            return null;
        }
    }
}
