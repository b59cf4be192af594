// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.Violation;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Issue 8: date-times are written in RFC 3339, seconds always, as the published JSON Schema requires. */
class MetadataDateTimeTest {
    private static ModelMetadata at(OffsetDateTime t) {
        return ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .createdAt(t)
                .build();
    }

    @Test
    void toJson_writesZeroSecondsAndFractionsOnlyWhenNotZero() {
        assertThat(Metadata.toJson(at(OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC))))
                .contains("\"createdAt\" : \"2026-12-01T10:00:00Z\"");
        assertThat(Metadata.toJson(at(OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 120_000_000, ZoneOffset.ofHours(2)))))
                .contains("\"createdAt\" : \"2026-12-01T10:00:00.12+02:00\"");
    }

    @Test
    void validate_refusesDateTimesRfc3339CannotHold() {
        assertThat(Metadata.validate(at(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))))
                .containsExactly(new Violation("createdAt", "year 10000 cannot be written as an RFC 3339 date-time "
                        + "(years 0000 to 9999)"));
        assertThat(Metadata.validate(at(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(3630)))))
                .extracting(Violation::path).containsExactly("createdAt");
    }
}
