// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void escape_keepsAValueOnOneLineAndLeavesPrintableTextAlone() {
        assertThat(Text.escape("a\nb\rc\td\u001b[2K\u007f\u0085\u2028\u202e")).isEqualTo(
                "a\\nb\\rc\\td\\u001b[2K\\u007f\\u0085\\u2028\\u202e");
        String printable = "Beit-Shemesh \u05d0 \ud83d\ude00 C:\\x";
        assertThat(Text.escape(printable)).isSameAs(printable);
        assertThat(Text.escape(null)).isEqualTo("null");
    }

    @Test
    void message_escapesEachLineAndIndentsALineThatCouldPassForOneOfTheClis() {
        assertThat(Text.message("metadata.json: 2 problems\n  - name: 'x\u001b'\n  - b"))
                .isEqualTo("metadata.json: 2 problems\n  - name: 'x\\u001b'\n  - b");
        assertThat(Text.message("name 'x\nverified: forged\r\nvalid: y\u2028ok'"))
                .isEqualTo("name 'x\n  verified: forged\n  valid: y\n  ok'");
    }

    @Test
    void safeWriter_escapesWhatWasMissedButKeepsLineBreaksTabsAndTheWindowsLineSeparator() throws IOException {
        StringWriter sink = new StringWriter();
        try (Text.SafeWriter w = new Text.SafeWriter(sink)) {
            w.write("a\tb\r\nc\u001b[2K\rd\u202e\n");
            w.write('\r');
            w.write('x');
            w.write('\r');
        }
        assertThat(sink.toString()).isEqualTo("a\tb\r\nc\\u001b[2K\\rd\\u202e\n\\rx\\r");
    }
}
