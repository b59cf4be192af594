// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import dev.mlops.api.Violation;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How metadata writes a date-time: RFC 3339, as the JSON Schema requires ({@code uuuu-MM-dd'T'HH:mm:ss}, a fraction
 * only when not zero, {@code Z} or {@code +HH:MM}). {@link OffsetDateTime#toString()} is not: it drops zero seconds
 * ({@code 2026-12-01T10:00Z}).
 */
final class DateTimes {
    /** The writer's format; {@link OffsetDateTime#parse(CharSequence)} reads it back to an equal value. */
    static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE);

    private DateTimes() {
    }

    /** @return the RFC 3339 text of {@code t} (see {@link #problem} for the values it cannot hold) */
    static String format(OffsetDateTime t) {
        return RFC_3339.format(t);
    }

    /**
     * Says why a date-time cannot be written in RFC 3339, if it cannot.
     *
     * @param path the field's JSON path, for the violation
     * @param t the value
     * @return the violation, or empty when it can be written
     */
    static Optional<Violation> problem(String path, OffsetDateTime t) {
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return Optional.of(new Violation(path, "year " + t.getYear() + " cannot be written as an RFC 3339 "
                    + "date-time (years 0000 to 9999)"));
        }
        if (t.getOffset().getTotalSeconds() % 60 != 0) {
            return Optional.of(new Violation(path, "offset " + t.getOffset() + " has seconds, which an RFC 3339 "
                    + "date-time cannot hold (convert it, for example to UTC)"));
        }
        return Optional.empty();
    }

    /** Adds the problems of a value that may be absent. */
    static void check(String path, Optional<OffsetDateTime> t, List<Violation> out) {
        t.flatMap(v -> problem(path, v)).ifPresent(out::add);
    }
}
