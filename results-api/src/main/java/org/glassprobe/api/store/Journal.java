package org.glassprobe.api.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.glassprobe.api.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's redo journal: each acknowledged write is appended here, numbered,
 * before its transaction commits, so that what H2 loses when the process dies (its newest commits
 * can be missing after a SIGKILL) is written again at the next start. Append-only segment files
 * {@code journal-<first number>.log} of records {@code [length][CRC32C][number][payload]}; a torn
 * record at the end of a segment (the process died while writing it) ends that segment. A marker
 * file says the journal is open: found at start, the API did not stop cleanly.
 */
final class Journal implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Journal.class);
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".log";
    private static final int HEADER = 4 + 4 + 8;
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    /**
     * @param sync        force each record to the disk (survives power loss, costs a disk flush per write)
     * @param segmentSize a segment this large is closed and a new one begun
     * @param keep        closed segments younger than this are kept (older ones are deleted)
     */
    record Options(boolean sync, long segmentSize, Duration keep, Clock clock) {}

    /** One record read back: its number and payload. */
    record Entry(long seq, byte[] payload) {}

    private final Path dir;
    private final Options options;
    private final boolean uncleanStop;
    private FileChannel segment;
    private Path segmentPath;
    private long seq;

    private Journal(Path dir, Options options, boolean uncleanStop, long lastSeq) {
        this.dir = dir;
        this.options = options;
        this.uncleanStop = uncleanStop;
        this.seq = lastSeq;
    }

    /** Opens the journal in {@code dir}; numbering goes on after the newest record found or {@code after}. */
    static Journal open(Path dir, Options options, long after) {
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve("open");
            boolean unclean = Files.exists(marker);
            long last = after;
            for (Entry e : read(dir, Long.MIN_VALUE, false)) {
                last = Math.max(last, e.seq());
            }
            Journal journal = new Journal(dir, options, unclean, last);
            Files.writeString(marker, "the results API is running (or did not stop cleanly)\n");
            return journal;
        } catch (IOException e) {
            throw new StoreException("cannot open the journal in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the API stopped without closing the journal (killed, crashed, power lost). */
    boolean uncleanStop() {
        return uncleanStop;
    }

    Path dir() {
        return dir;
    }

    /** Appends a record and returns its number; the record is in the file when this returns. */
    synchronized long append(byte[] payload) {
        if (payload.length > MAX_RECORD) {
            throw new StoreException("a journal record of " + payload.length + " bytes is over the bound of "
                    + MAX_RECORD, null);
        }
        try {
            if (segment == null || segment.size() >= options.segmentSize()) {
                rotate();
            }
            long next = seq + 1;
            ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
            record.putInt(payload.length);
            record.putInt(0);
            record.putLong(next);
            record.put(payload);
            record.putInt(4, crc(record.array(), 8, 8 + payload.length));
            record.flip();
            while (record.hasRemaining()) {
                segment.write(record);
            }
            if (options.sync()) {
                segment.force(false);
            }
            seq = next;
            return next;
        } catch (IOException e) {
            throw new StoreException("cannot write the journal in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private void rotate() throws IOException {
        if (segment != null) {
            segment.close();
        }
        segmentPath = dir.resolve(String.format("%s%020d%s", PREFIX, seq + 1, SUFFIX));
        segment = FileChannel.open(segmentPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        prune();
    }

    /** Deletes closed segments older than the window, keeping the two newest whatever their age. */
    private void prune() throws IOException {
        List<Path> segments = segments(dir);
        Instant before = options.clock().instant().minus(options.keep());
        for (int i = 0; i < segments.size() - 2; i++) {
            Path p = segments.get(i);
            if (!p.equals(segmentPath) && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The records numbered above {@code after}, in order. */
    List<Entry> after(long after) {
        try {
            return read(dir, after, true);
        } catch (IOException e) {
            throw new StoreException("cannot read the journal in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The number of the oldest record kept, or 0 when there is none. */
    long oldest() {
        try {
            List<Entry> all = read(dir, Long.MIN_VALUE, false);
            return all.isEmpty() ? 0 : all.get(0).seq();
        } catch (IOException e) {
            throw new StoreException("cannot read the journal in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /** The records numbered above {@code after}; without their payloads (empty) unless asked for. */
    private static List<Entry> read(Path dir, long after, boolean payloads) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path p : segments(dir)) {
            byte[] bytes = Files.readAllBytes(p);
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.remaining() >= HEADER) {
                int start = b.position();
                int length = b.getInt();
                int crc = b.getInt();
                if (length < 0 || length > MAX_RECORD || b.remaining() < 8 + length
                        || crc(bytes, start + 8, 8 + length) != crc) {
                    logger.atWarn().addKeyValue("segment", p.getFileName()).addKeyValue("offset", start)
                            .log("the journal segment ends in a record written only in part (the process died while"
                                    + " writing it); the rest of the segment is ignored");
                    break;
                }
                long number = b.getLong();
                byte[] payload = new byte[payloads && number > after ? length : 0];
                if (payload.length > 0) {
                    b.get(payload);
                } else {
                    b.position(b.position() + length);
                }
                if (number > after) {
                    entries.add(new Entry(number, payload));
                }
            }
        }
        return entries;
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Closes the current segment and removes the marker: the next start is a clean one. */
    @Override
    public synchronized void close() {
        try {
            if (segment != null) {
                segment.force(true);
                segment.close();
                segment = null;
            }
            Files.deleteIfExists(dir.resolve("open"));
        } catch (IOException e) {
            logger.atWarn().addKeyValue("error", e.getMessage()).log("the journal did not close cleanly");
        }
    }
}
