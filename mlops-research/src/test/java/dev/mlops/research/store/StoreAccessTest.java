// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Store URLs that lead nowhere: each is a typed error naming the store, password redacted. No server needed. */
class StoreAccessTest {

    @Test
    void open_anUnknownSchemeIsRefusedSayingWhichAreKnown() {
        assertThatThrownBy(() -> RunStore.open("jdbc:mysql://db/runs?user=u&password=hunter2"))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("run store jdbc:mysql://db/runs?user=u&password=***")
                .hasMessageContaining("expected jdbc:sqlite:PATH")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void open_anUnreachablePostgresServerIsRefusedNamingTheStore() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/runs?user=mlops&password=s3cret&connectTimeout=5";
        assertThatThrownBy(() -> RunStore.open(url))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("run store jdbc:postgresql://127.0.0.1:" + port + "/runs?user=mlops&password=***")
                .hasMessageContaining("cannot reach the PostgreSQL server")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void redact_hidesPasswordsInParametersAndUserInfo() {
        assertThat(RunStore.redact("jdbc:postgresql://h:5432/db?user=u&password=p&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true");
        assertThat(RunStore.redact("jdbc:postgresql://h/db?sslpassword=k&PASSWORD=x"))
                .isEqualTo("jdbc:postgresql://h/db?sslpassword=***&PASSWORD=***");
        assertThat(RunStore.redact("jdbc:postgresql://u:secret@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
        assertThat(RunStore.redact("jdbc:sqlite:/work/runs.db")).isEqualTo("jdbc:sqlite:/work/runs.db");
    }
}
