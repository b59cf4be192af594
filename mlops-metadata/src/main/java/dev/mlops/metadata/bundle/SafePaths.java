// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The safe bundle-relative path rule, the canonical path order and the file types a bundle may not carry. */
final class SafePaths {
    /** The manifest's name, at the bundle root. */
    static final String MANIFEST = "manifest.json";
    /** The detached signature over the manifest, at the bundle root: the one file the manifest does not list. */
    static final String SIGNATURE = "manifest.sig";
    /** Longest bundle-relative path accepted, in characters. */
    static final int MAX_LENGTH = 1024;

    /**
     * Canonical order of paths: by Unicode code point, which is the byte order of their UTF-8 encoding (and the
     * order of Python's {@code sorted()} on {@code str}). {@link String#compareTo} differs for characters outside
     * the Basic Multilingual Plane.
     */
    static final Comparator<String> ORDER = SafePaths::compareCodePoints;

    /**
     * Extensions of formats that execute code when loaded (pickle and its relatives) or are native code; a bundle
     * carrying one is refused (RELIABILITY.md case 14).
     */
    private static final Set<String> FORBIDDEN_EXTENSIONS = Set.of(
            "pkl", "pickle", "joblib", "dill", "pt", "pth", "ckpt", "npy", "npz",
            "pyc", "pyo", "so", "dll", "dylib", "exe", "jar", "class");

    private SafePaths() {
    }

    /**
     * Checks a bundle-relative path.
     *
     * @param path the path, {@code /}-separated
     * @return what is wrong with it, or empty when it is safe
     */
    static Optional<String> problem(String path) {
        if (path.isEmpty()) {
            return Optional.of("empty path");
        }
        if (path.length() > MAX_LENGTH) {
            return Optional.of("path longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("path contains a control character");
            }
        }
        if (path.startsWith("/")) {
            return Optional.of("absolute path (paths are relative to the bundle root)");
        }
        if (path.indexOf('\\') >= 0) {
            return Optional.of("path contains a backslash (use '/' between segments)");
        }
        if (path.indexOf(':') >= 0) {
            return Optional.of("path contains a colon (drive letter or stream name)");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("path has a '..' segment (it would escape the bundle)");
            }
            if (segment.equals(".")) {
                return Optional.of("path has a '.' segment");
            }
            if (segment.isEmpty()) {
                return Optional.of("path has an empty segment");
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether a file of this name is refused because its format can execute code.
     *
     * @param path a safe path
     * @return the reason, or empty when the type is allowed
     */
    static Optional<String> forbiddenType(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (FORBIDDEN_EXTENSIONS.contains(ext)) {
            return Optional.of("file type '." + ext + "' is not allowed in a bundle (pickle-family and native-code "
                    + "formats can run code when loaded)");
        }
        return Optional.empty();
    }

    /**
     * The key under which two paths collide on a case-insensitive file system.
     *
     * @param path a path
     * @return its case-folded form
     */
    static String foldKey(String path) {
        return path.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /**
     * Renders an untrusted name for a message: control and other invisible characters are escaped.
     *
     * @param name the name
     * @return a printable form
     */
    static String display(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        int shown = 0;
        for (int i = 0; i < name.length() && shown < 300; i++, shown++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT || c == 0xfffd
                    || Character.isSurrogate(c) && !validSurrogateAt(name, i)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (shown < name.length()) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
