// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.research.store.RunStore;
import dev.mlops.research.store.SchemaPolicy;
import dev.mlops.research.store.SchemaVersionException;
import dev.mlops.research.store.StoreAccessException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --store URL} (or {@code MLOPS_STORE}) and {@code --migrate}: the run store a verb reads or writes. */
final class StoreOptions {
    /** The environment variable that names the store when {@code --store} is absent. */
    static final String ENV = "MLOPS_STORE";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    // No default shown in the help: the variable may hold a PostgreSQL password.
    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:" + ENV + "}",
            description = "The run store: jdbc:sqlite:FILE, jdbc:postgresql://HOST:PORT/DB?user=U&password=P, or the"
                    + " path of a SQLite file. When absent, the environment variable " + ENV + " names it.")
    @Nullable String store;

    @Option(names = "--migrate", description = "Migrate a store whose schema is older than this mlops's (back it up"
            + " first: migrations are not reversible). Without it, such a store is refused.")
    boolean migrate;

    /** Whether a store was named, by option or environment. */
    boolean given() {
        return store != null && !store.isBlank();
    }

    /** The store's JDBC URL: as given, or {@code jdbc:sqlite:} and the absolute path of a plain file path. */
    String url() {
        String s = store;
        if (s == null || s.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--store=URL' (or set the environment variable " + ENV + ")");
        }
        return s.startsWith("jdbc:") ? s : RunStore.sqliteUrl(Path.of(s));
    }

    /**
     * Opens the store for reading: a SQLite file that does not exist is refused (exit 2) rather than created empty, so
     * a mistyped path is not taken for a store without runs.
     */
    RunStore read() {
        String url = url();
        sqliteFile(url).filter(f -> !Files.exists(f)).ifPresent(f -> {
            throw new StoreAccessException(RunStore.redact(url), "the file " + f + " does not exist: check the path,"
                    + " or record a run first (mlops runs record, or a task run with --store)");
        });
        return open(url);
    }

    /** Opens the store for writing: a new SQLite file is created. */
    RunStore write() {
        return open(url());
    }

    private RunStore open(String url) {
        try {
            return RunStore.open(url, migrate ? SchemaPolicy.MIGRATE : SchemaPolicy.REFUSE_OLDER);
        } catch (SchemaVersionException e) {
            if (e.storeVersion() < e.sdkVersion()) {
                throw new SchemaVersionException(e.storeUrl(), e.storeVersion(), e.sdkVersion(), "the schema version"
                        + " is " + e.storeVersion() + ", older than this mlops's " + e.sdkVersion() + ": add --migrate"
                        + " to migrate it (back the database up first: migrations are not reversible)");
            }
            throw e;
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL, when it names one. */
    static java.util.Optional<Path> sqliteFile(String url) {
        String prefix = "jdbc:sqlite:";
        if (!url.startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        String rest = url.substring(prefix.length());
        int query = rest.indexOf('?');
        String file = query >= 0 ? rest.substring(0, query) : rest;
        if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Path.of(file).toAbsolutePath());
    }
}
