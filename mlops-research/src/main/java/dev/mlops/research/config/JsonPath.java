// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.regex.Pattern;

/**
 * JSON paths as messages write them, the same way mlops-metadata does: {@code train.epochs}, {@code layers[1]},
 * {@code extras["my key"]}. Stateless and thread-safe.
 */
final class JsonPath {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private JsonPath() {
    }

    static String field(String parent, String name) {
        if (IDENT.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"]";
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** Orders paths so that {@code a[2]} comes before {@code a[10]}. */
    static int compare(String a, String b) {
        String[] pa = a.split("(?=[.\\[])");
        String[] pb = b.split("(?=[.\\[])");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (pa[i].matches("\\[\\d+]") && pb[i].matches("\\[\\d+]")) {
                c = Long.compare(Long.parseLong(pa[i].substring(1, pa[i].length() - 1)),
                        Long.parseLong(pb[i].substring(1, pb[i].length() - 1)));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
