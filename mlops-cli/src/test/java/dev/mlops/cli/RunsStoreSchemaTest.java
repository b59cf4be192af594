// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the store named by {@code MLOPS_STORE}; a store older than the CLI is refused with a message that says to
 * add {@code --migrate}, and migrated with it; a newer one is refused by every verb, with {@code --migrate} too. The CLI runs in a child JVM: the environment
 * variable, and (for the older store) a class path with one migration more than this SDK has.
 */
class RunsStoreSchemaTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariable_namesTheStoreWhenTheOptionIsAbsent() throws Exception {
        String store = RunsFixtures.seededStore(dir);
        Cli r = ChildJvm.run(Map.of("MLOPS_STORE", store), List.of(), "runs", "list", "--model", "wind");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("wind-1");
        Cli option = ChildJvm.run(Map.of("MLOPS_STORE", dir.resolve("absent.db").toString()), List.of(), "runs",
                "show", "rain-1", "--store", store);
        assertThat(option.code()).as("--store wins over the variable: %s", option).isZero();
    }

    @Test
    void anOlderStore_isRefusedSayingToAddMigrate_andMigratedWithIt() throws Exception {
        String store = RunsFixtures.seededStore(dir); // schema version 1, this SDK's
        Path newer = dir.resolve("newer-sdk");
        Path migration = newer.resolve("dev/mlops/research/store/migration/V2__cli_test_column.sql");
        Files.createDirectories(migration.getParent());
        Files.writeString(migration, "ALTER TABLE runs ADD COLUMN cli_test_note VARCHAR(10);\n");
        List<String> classPath = new ArrayList<>(dev.mlops.testkit.console.ChildJvm.classPath());
        classPath.add(0, newer.toString()); // a CLI whose SDK has schema version 2

        dev.mlops.testkit.console.ChildJvm.Result refused = dev.mlops.testkit.console.ChildJvm.run(Main.class,
                List.of(), classPath, Map.of(), "runs", "list", "--store", store);
        assertThat(refused.exitCode()).as("%s", refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr()).contains("the schema version is 1, older than this mlops's 2: add --migrate to"
                + " migrate it (back the database up first");
        dev.mlops.testkit.console.ChildJvm.Result migrated = dev.mlops.testkit.console.ChildJvm.run(Main.class,
                List.of(), classPath, Map.of(), "runs", "show", "rain-2", "--store", store, "--migrate");
        assertThat(migrated.exitCode()).as("%s", migrated.stderr()).isZero();
        assertThat(migrated.stdout()).contains("run:           rain-2");

        Cli thisSdk = Cli.run("runs", "list", "--store", store);
        assertThat(thisSdk.code()).as("the store is now newer than this SDK: %s", thisSdk).isEqualTo(2);
        assertThat(thisSdk.err()).contains("the schema version is 2, newer than this SDK's 1")
                .contains("never downgraded").doesNotContain("--migrate");
        Path bundle = RunsFixtures.bundle(dir.resolve("b"), "rain", 0.9, 0.3);
        for (String[] args : List.of(new String[] {"runs", "list"}, new String[] {"runs", "record", bundle.toString()},
                new String[] {"gate", bundle.toString(), "--baseline-run", "rain-1", "--rule", "auc >= baseline"})) {
            List<String> a = new ArrayList<>(List.of(args));
            a.addAll(List.of("--store", store, "--migrate"));
            Cli r = Cli.run(a.toArray(String[]::new));
            assertThat(r.code()).as("a newer store is refused, --migrate or not: %s: %s", a, r).isEqualTo(2);
            assertThat(r.err()).contains("the schema version is 2, newer than this SDK's 1");
        }
    }
}
