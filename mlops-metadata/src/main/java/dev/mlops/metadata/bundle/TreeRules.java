// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules over a whole listing: names unique (also ignoring letter case, as they would collide on a case-insensitive
 * file system), no path both a file and a directory, no forbidden file type.
 */
final class TreeRules {
    private TreeRules() {
    }

    private record Seen(String path, boolean directory) {
    }

    static void check(List<String> files, List<String> directories, Problems problems) {
        Map<String, Seen> byKey = new HashMap<>();
        for (String d : directories) {
            add(byKey, d, true, problems);
        }
        for (String f : files) {
            add(byKey, f, false, problems);
            SafePaths.forbiddenType(f).ifPresent(reason -> problems.add(f, reason));
        }
        for (String f : files) {
            int slash = f.indexOf('/');
            while (slash > 0) {
                String parent = f.substring(0, slash);
                Seen s = byKey.get(SafePaths.foldKey(parent));
                if (s != null && !s.directory()) {
                    problems.add(parent, "is a file, but \"" + SafePaths.display(f) + "\" needs it to be a directory");
                    break;
                }
                slash = f.indexOf('/', slash + 1);
            }
        }
    }

    private static void add(Map<String, Seen> byKey, String path, boolean directory, Problems problems) {
        Seen before = byKey.putIfAbsent(SafePaths.foldKey(path), new Seen(path, directory));
        if (before == null) {
            return;
        }
        if (!before.path().equals(path)) {
            problems.add(path, "differs from \"" + SafePaths.display(before.path()) + "\" only in letter case (the two "
                    + "would collide on a case-insensitive file system)");
        } else if (before.directory() != directory) {
            problems.add(path, "is both a file and a directory");
        } else {
            problems.add(path, "duplicate entry (the name appears twice)");
        }
    }
}
