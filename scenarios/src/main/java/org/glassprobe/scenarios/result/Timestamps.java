package org.glassprobe.scenarios.result;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/**
 * The one way glassprobe writes an instant in JSON: ISO 8601 in UTC with exactly three fraction
 * digits ({@code 2026-12-06T17:28:27.000Z}), finer precision truncated. {@link Instant#toString()}
 * drops the fraction of a whole second and prints up to nine digits otherwise, so a reader could
 * neither compare the strings nor rely on one pattern. Reading stays tolerant: any ISO-8601 instant.
 */
public final class Timestamps {
    /** The writing form; parsing with it would be strict, so read with {@link Instant#parse}. */
    public static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder().appendInstant(3)
            .toFormatter(Locale.ROOT);

    private Timestamps() {}

    /** The instant as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, truncated to the millisecond. */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The instant formatted, or null for null. */
    public static String formatOrNull(Instant instant) {
        return instant == null ? null : format(instant);
    }

    /** Jackson's writer for {@link Instant}s, registered by {@link ResultJson#newMapper()}. */
    static final class Serializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }
}
