// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.nio.file.Path;

/**
 * A child JVM for {@link StagingCleanupTest}: stages a bundle under a root, prints {@code STAGED <dir>}, then waits
 * to be killed without closing it.
 */
public final class StagingChild {
    private StagingChild() {
    }

    /**
     * Stages {@code args[1]} under the staging root {@code args[0]} and sleeps.
     *
     * @param args the staging root and the bundle
     * @throws InterruptedException never in practice: the process is killed
     */
    public static void main(String[] args) throws InterruptedException {
        Bundle bundle = BundleReader.newBuilder().stagingRoot(Path.of(args[0])).build().open(Path.of(args[1]));
        System.out.println("STAGED " + bundle.root());
        System.out.flush();
        Thread.sleep(120_000);
        System.out.println("NOT KILLED " + bundle);
    }
}
