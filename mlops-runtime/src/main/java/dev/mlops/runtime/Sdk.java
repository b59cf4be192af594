// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.IncompatibleSdkException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This SDK's version, and the check of a bundle's {@code runtime.minSdkVersion} against it. Thread-safe.
 */
final class Sdk {
    private static final Pattern VERSION =
            Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(?:-[0-9A-Za-z.-]+)?");
    private static final String VERSION_TEXT = load();

    private Sdk() {
    }

    /** @return this SDK's version, for example {@code 0.2.0} or {@code 0.2.0-SNAPSHOT} */
    static String version() {
        return VERSION_TEXT;
    }

    private static String load() {
        try (InputStream in = Sdk.class.getResourceAsStream("sdk.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/mlops/runtime/sdk.properties is missing from mlops-runtime");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (!VERSION.matcher(v).matches()) {
                throw new IllegalStateException("dev/mlops/runtime/sdk.properties: '" + v + "' is not a version");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses a model that declares a newer minimum SDK. A pre-release of a version (a {@code -SNAPSHOT}) counts as
     * that version.
     *
     * @param meta the model's metadata
     * @throws IncompatibleSdkException when {@code runtime.minSdkVersion} is above {@link #version()}
     * @throws InvalidBundleException when {@code runtime.minSdkVersion} is not a version
     */
    static void requireSupports(ModelMetadata meta) {
        if (meta.runtime().minSdkVersion().isEmpty()) {
            return;
        }
        String min = meta.runtime().minSdkVersion().get();
        Matcher m = VERSION.matcher(min);
        if (!m.matches()) {
            throw new InvalidBundleException(Metadata.FILE_NAME, "runtime.minSdkVersion: '" + min
                    + "' is not a version (expected MAJOR.MINOR.PATCH, for example 0.2.0)");
        }
        if (compare(parts(m), parts(matcher(VERSION_TEXT))) > 0) {
            throw new IncompatibleSdkException(Metadata.FILE_NAME, meta.name() + " " + meta.version(), min,
                    VERSION_TEXT);
        }
    }

    private static Matcher matcher(String v) {
        Matcher m = VERSION.matcher(v);
        if (!m.matches()) {
            throw new IllegalStateException(v);
        }
        return m;
    }

    private static long[] parts(Matcher m) {
        long[] p = new long[3];
        for (int i = 0; i < 3; i++) {
            String g = m.group(i + 1);
            p[i] = g == null ? 0 : Long.parseLong(g);
        }
        return p;
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
