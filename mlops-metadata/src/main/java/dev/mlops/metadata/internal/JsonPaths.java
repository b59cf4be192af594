package dev.mlops.metadata.internal;

import java.util.regex.Pattern;

/** JSON path rendering shared by the type checker and the validator: {@code inputs[1].shape[0]}, {@code a["b c"]}. */
final class JsonPaths {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private JsonPaths() {
    }

    static String field(String parent, String name) {
        if (IDENT.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }
}
