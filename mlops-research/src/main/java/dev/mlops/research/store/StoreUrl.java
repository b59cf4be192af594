// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed store URL: which database, the redacted form for messages, and for SQLite the file. */
final class StoreUrl {
    enum Kind { SQLITE, POSTGRESQL }

    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;][a-z_]*password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?&;]+:)[^/@?&;]*@");

    final String raw;
    final String redacted;
    final Kind kind;

    private StoreUrl(String raw, Kind kind) {
        this.raw = raw;
        this.redacted = redact(raw);
        this.kind = kind;
    }

    static StoreUrl parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SQLITE_PREFIX)) {
            return new StoreUrl(url, Kind.SQLITE);
        }
        if (lower.startsWith(POSTGRESQL_PREFIX)) {
            return new StoreUrl(url, Kind.POSTGRESQL);
        }
        throw new StoreAccessException(redact(url), "unknown URL scheme: expected jdbc:sqlite:PATH (a SQLite file) or "
                + "jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD");
    }

    static String redact(String url) {
        String s = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(s).replaceAll("$1***@");
    }

    /** The SQLite database file, or empty for an in-memory or temporary database. */
    Optional<Path> sqliteFile() {
        String rest = raw.substring(SQLITE_PREFIX.length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(rest).toAbsolutePath());
    }

    /** The value of a URL query parameter, for example PostgreSQL's {@code currentSchema}. */
    Optional<String> parameter(String name) {
        Matcher m = Pattern.compile("[?&;]" + Pattern.quote(name) + "=([^&;]*)").matcher(raw);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public String toString() {
        return redacted;
    }
}
