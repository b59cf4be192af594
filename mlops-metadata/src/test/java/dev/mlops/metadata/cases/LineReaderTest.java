// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting JSONL input into lines without holding an over-long line in memory. */
class LineReaderTest {
    private static List<String> lines(String text, int max) throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<String> out = new ArrayList<>();
        byte[] line;
        while ((line = r.next()) != null) {
            out.add(line == LineReader.TOO_LONG ? "<too long>" : new String(line, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void next_splitsAtNewlineKeepingCarriageReturn() throws IOException {
        assertThat(lines("a\r\n\nb", 100)).containsExactly("a\r", "", "b");
        assertThat(lines("a\n", 100)).containsExactly("a");
        assertThat(lines("", 100)).isEmpty();
    }

    @Test
    void next_marksLinePastCapAndGoesOn() throws IOException {
        String big = "x".repeat(200_000);
        assertThat(lines("ok\n" + big + "\nafter\n" + big, 100_000))
                .containsExactly("ok", "<too long>", "after", "<too long>");
    }
}
