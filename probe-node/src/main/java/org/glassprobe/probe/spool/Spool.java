package org.glassprobe.probe.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store and forward on disk: results are appended before they are sent and forgotten only once
 * the results API acknowledged them.
 *
 * <p>Records go into append-only segment files ({@code <first sequence>.seg}), each framed as
 * length, CRC32C and payload, so that a record torn by a crash is recognised and cut off when the
 * spool is reopened. The sequence of the oldest unacknowledged record is kept in {@code cursor}
 * (replaced atomically); records are acknowledged in order, so acknowledging moves the cursor and
 * whole segments behind it are deleted. The segment files together never hold more than the
 * bound: when a record would not fit, the oldest segment goes with the records still pending in
 * it, which are counted (the count survives restarts) and logged at error, at most once a minute
 * with how many went since: never silently, and never a line per result.
 *
 * <p>A record is safe from the probe's own death (kill -9) once {@link #append} returns; a
 * background task forces the segment to disk every {@code syncEvery} against power loss. It forces
 * outside the spool's lock, and a segment that is full is forced by that task too, never by the
 * append that closes it: on a busy disk one force took 76 ms, and every check run that finished
 * meanwhile waited for it to append its result, until all the probe's workers were waiting and
 * runs started late.
 */
public final class Spool implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Spool.class);
    private static final int HEADER = 8;
    private static final String SUFFIX = ".seg";
    private static final int MAX_RECORD = 16 * 1024 * 1024;
    private static final Duration DROP_LOG_EVERY = Duration.ofMinutes(1);

    private final Path dir;
    private final SpoolOptions options;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final Deque<Entry> pending = new ArrayDeque<>();
    private final ScheduledExecutorService syncer;
    /** Held while the cursor or dropped file is replaced (always after the spool's own lock, if both). */
    private final Object stateFiles = new Object();
    /** Full segments not yet forced and closed: the syncer does both. */
    private final List<FileChannel> retired = new ArrayList<>();
    private final Clock clock;
    private long fileBytes;
    private long droppedUnlogged;
    private Instant droppedLoggedAt;
    private FileChannel active;
    private long activeBase;
    private long nextSequence;
    private long bytes;
    private long dropped;
    private long appended;
    private boolean dirty;

    /** Where a pending record lies. */
    private record Entry(long sequence, long segment, long offset, int length) {
        long diskBytes() {
            return HEADER + (long) length;
        }
    }

    private Spool(Path dir, SpoolOptions options, Clock clock) {
        this.dir = dir;
        this.options = options;
        this.clock = clock;
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "glassprobe-spool-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (or creates) the spool in a folder, recovering what a crash left behind. */
    public static Spool open(Path dir, SpoolOptions options) throws IOException {
        return open(dir, options, Clock.systemUTC());
    }

    /** As {@link #open(Path, SpoolOptions)}, with the clock that paces the log of dropped results. */
    public static Spool open(Path dir, SpoolOptions options, Clock clock) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, options, clock);
        synchronized (spool) {
            spool.recover();
        }
        long every = options.syncEvery().toMillis();
        if (every > 0) {
            spool.syncer.scheduleWithFixedDelay(spool::syncQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return spool;
    }

    private void recover() throws IOException {
        long cursor = readLong(dir.resolve("cursor"), 0);
        dropped = readLong(dir.resolve("dropped"), 0);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String name = f.getFileName().toString();
                try {
                    segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), f);
                } catch (NumberFormatException e) {
                    logger.atWarn().addKeyValue("file", f).log("ignoring a file in the spool that is not a segment");
                }
            }
        }
        nextSequence = cursor;
        long torn = 0;
        for (var segment : List.copyOf(segments.entrySet())) {
            long base = segment.getKey();
            long sequence = base;
            try (FileChannel channel = FileChannel.open(segment.getValue(), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = channel.size();
                long offset = 0;
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (offset + HEADER <= size) {
                    header.clear();
                    channel.read(header, offset);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    if (length < 0 || length > MAX_RECORD || offset + HEADER + length > size
                            || crc != crc(read(channel, offset + HEADER, length))) {
                        break;
                    }
                    if (sequence >= cursor) {
                        Entry e = new Entry(sequence, base, offset, length);
                        pending.add(e);
                        bytes += e.diskBytes();
                    }
                    sequence++;
                    offset += HEADER + length;
                }
                if (offset < size) {
                    torn += size - offset;
                    channel.truncate(offset);
                }
                fileBytes += offset;
            }
            nextSequence = Math.max(nextSequence, sequence);
        }
        if (torn > 0) {
            logger.atWarn().addKeyValue("bytes", torn)
                    .log("cut off the end of the spool that a crash left half-written (no acknowledged record is lost)");
        }
        deleteSegmentsBefore(pending.isEmpty() ? nextSequence : pending.peekFirst().sequence());
        logger.atInfo().addKeyValue("pending", pending.size()).addKeyValue("bytes", bytes)
                .addKeyValue("dropped", dropped).log("spool opened");
    }

    /** Appends a record; when it returns, the record survives the death of this process. */
    public synchronized long append(byte[] payload) throws IOException {
        if (payload.length > MAX_RECORD) {
            throw new IllegalArgumentException("a spool record is at most " + MAX_RECORD + " bytes, this one "
                    + payload.length);
        }
        makeRoomFor(HEADER + payload.length);
        if (active == null || active.size() >= options.segmentBytes()) {
            roll();
        }
        long offset = active.size();
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
        record.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        while (record.hasRemaining()) {
            active.write(record, offset + record.position());
        }
        long sequence = nextSequence++;
        Entry e = new Entry(sequence, activeBase, offset, payload.length);
        pending.add(e);
        bytes += e.diskBytes();
        fileBytes += e.diskBytes();
        appended++;
        dirty = true;
        notifyAll();
        return sequence;
    }

    /** The oldest pending records, up to {@code max} of them and about {@code maxBytes}, in order. */
    public synchronized List<SpoolRecord> peek(int max, long maxBytes) throws IOException {
        List<SpoolRecord> out = new ArrayList<>();
        long size = 0;
        long openSegment = -1;
        FileChannel channel = null;
        try {
            for (Entry e : pending) {
                if (out.size() >= max || (!out.isEmpty() && size + e.length() > maxBytes)) {
                    break;
                }
                if (e.segment() != openSegment) {
                    if (channel != null) {
                        channel.close();
                    }
                    channel = FileChannel.open(segments.get(e.segment()), StandardOpenOption.READ);
                    openSegment = e.segment();
                }
                out.add(new SpoolRecord(e.sequence(), read(channel, e.offset() + HEADER, e.length())));
                size += e.length();
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
        return out;
    }

    /** Waits until a record is pending or the time is up; true when one is. */
    public synchronized boolean awaitPending(long timeoutMillis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pending.isEmpty()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Forgets every record up to and including {@code sequence}: the API has them. The cursor file
     * is replaced outside the spool's lock: renaming over it made ext4 write it out first, which took
     * up to hundreds of ms on a busy disk while every append waited. A crash before the cursor is
     * written only sends those records again (the API stores each result once); segments are deleted
     * after, as before.
     */
    public void acknowledge(long sequence) throws IOException {
        long cursor;
        synchronized (this) {
            boolean changed = false;
            while (!pending.isEmpty() && pending.peekFirst().sequence() <= sequence) {
                bytes -= pending.pollFirst().diskBytes();
                changed = true;
            }
            if (!changed) {
                return;
            }
            cursor = pending.isEmpty() ? nextSequence : pending.peekFirst().sequence();
        }
        synchronized (stateFiles) {
            writeLong(dir.resolve("cursor"), cursor);
        }
        synchronized (this) {
            deleteSegmentsBefore(cursor);
            logDropped(true);
        }
    }

    public synchronized SpoolStats stats() {
        return new SpoolStats(pending.size(), bytes, dropped, appended);
    }

    /**
     * Deletes the oldest segments, with the records still pending in them, until the record fits
     * under the bound with what is on disk (a segment being written is closed and deleted too, when
     * it is the oldest).
     */
    private void makeRoomFor(long recordBytes) throws IOException {
        long before = dropped;
        while (fileBytes + recordBytes > options.maxBytes() && !segments.isEmpty()) {
            long oldest = segments.firstKey();
            while (!pending.isEmpty() && pending.peekFirst().segment() == oldest) {
                bytes -= pending.pollFirst().diskBytes();
                dropped++;
            }
            if (oldest == activeBase && active != null) {
                active.close();
                active = null;
            }
            Path file = segments.remove(oldest);
            fileBytes -= Files.size(file);
            Files.deleteIfExists(file);
        }
        if (dropped > before) {
            long cursor = pending.isEmpty() ? nextSequence : pending.peekFirst().sequence();
            synchronized (stateFiles) {
                writeLong(dir.resolve("dropped"), dropped);
                writeLong(dir.resolve("cursor"), cursor);
            }
            droppedUnlogged += dropped - before;
            logDropped(false);
        }
    }

    /** Says how many results were dropped since it last did: at once the first time, then at most once a minute. */
    private void logDropped(boolean flush) {
        Instant now = clock.instant();
        if (droppedUnlogged == 0 || !flush && droppedLoggedAt != null
                && now.isBefore(droppedLoggedAt.plus(DROP_LOG_EVERY))) {
            return;
        }
        logger.atError().addKeyValue("dropped", droppedUnlogged).addKeyValue("since", droppedLoggedAt == null ? now
                : droppedLoggedAt).addKeyValue("droppedTotal", dropped).addKeyValue("maxBytes", options.maxBytes())
                .log("spool full: dropped the oldest results, which will never reach the results API; the API has"
                        + " been unreachable for long, or the spool is too small for this many checks (--spool-max-bytes)");
        droppedUnlogged = 0;
        droppedLoggedAt = now;
    }

    private void roll() throws IOException {
        if (active != null) {
            if (options.syncEvery().toMillis() > 0) {
                retired.add(active);
            } else {
                active.force(false);
                active.close();
            }
        }
        activeBase = nextSequence;
        Path file = dir.resolve(String.format("%020d%s", activeBase, SUFFIX));
        active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        segments.put(activeBase, file);
    }

    /** Deletes whole segments all of whose records come before the cursor (never the active one). */
    private void deleteSegmentsBefore(long cursor) throws IOException {
        while (segments.size() > 1) {
            var first = segments.firstEntry();
            long nextBase = segments.higherKey(first.getKey());
            if (nextBase > cursor || first.getKey() == activeBase) {
                break;
            }
            fileBytes -= Files.size(first.getValue());
            Files.deleteIfExists(first.getValue());
            segments.remove(first.getKey());
        }
        if (active == null && segments.size() == 1 && pending.isEmpty()) {
            var only = segments.firstEntry();
            fileBytes -= Files.size(only.getValue());
            Files.deleteIfExists(only.getValue());
            segments.remove(only.getKey());
        }
    }

    /**
     * Forces what was appended since the last time, and the segments filled since, to disk. Appends
     * go on meanwhile: a force waits for the disk, which may take long when other work writes to it.
     */
    private void syncQuietly() {
        FileChannel channel;
        List<FileChannel> full;
        synchronized (this) {
            logDropped(false); // drops that stopped coming are said a minute after the last line
            channel = active != null && dirty ? active : null;
            dirty = false;
            full = List.copyOf(retired);
            retired.clear();
        }
        for (FileChannel segment : full) {
            try (segment) {
                segment.force(false);
            } catch (ClosedChannelException e) {
                // deleted meanwhile to make room: nothing of it is to be kept
            } catch (IOException e) {
                logger.atWarn().setCause(e).log("cannot force a full spool segment to disk");
            }
        }
        if (channel != null) {
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                // deleted meanwhile to make room, or the spool closed (which forces it itself)
            } catch (IOException e) {
                synchronized (this) {
                    dirty = true;
                }
                logger.atWarn().setCause(e).log("cannot force the spool to disk; will try again");
            }
        }
    }

    @Override
    public void close() throws IOException {
        // let a force in progress end: interrupting it would close the segment under it
        syncer.shutdown();
        try {
            if (!syncer.awaitTermination(30, TimeUnit.SECONDS)) {
                logger.atWarn().log("the disk did not finish forcing the spool within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            logDropped(true);
            for (FileChannel segment : retired) {
                try (segment) {
                    segment.force(false);
                } catch (ClosedChannelException e) {
                    // deleted to make room
                }
            }
            retired.clear();
            if (active != null) {
                active.force(false);
                active.close();
                active = null;
            }
        }
    }

    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("unexpected end of spool segment");
            }
        }
        return buffer.array();
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static long readLong(Path file, long fallback) throws IOException {
        if (!Files.exists(file)) {
            return fallback;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds \"" + text + "\", not a number; the spool's state is damaged."
                    + " Move the spool folder aside to start afresh (its pending results would then be lost)");
        }
    }

    private static void writeLong(Path file, long value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(value), StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
