// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a build comes from: commit, branch, build number, whether the working tree was dirty, and which CI system (if
 * any) said so.
 *
 * <p>{@link #detect} reads the CI's variables first and the git repository (JGit) for anything they leave out. Outside
 * CI the build number is {@link #LOCAL_BUILD}. Without a git repository and CI, commit and branch are empty and the
 * tree is not dirty: detection never fails.
 *
 * <p>Immutable and thread-safe.
 *
 * @param commit the full commit hash; empty when unknown
 * @param branch the branch name (for pull requests, the source branch); empty when unknown or detached
 * @param buildNumber the CI build number, or {@link #LOCAL_BUILD}
 * @param dirty whether tracked files had uncommitted changes (untracked files do not count)
 * @param ci the CI system the variables came from; empty outside CI
 * @since 0.2.0
 */
public record BuildInfo(Optional<String> commit, Optional<String> branch, String buildNumber, boolean dirty,
        Optional<CiSystem> ci) {

    /** The build number outside CI. */
    public static final String LOCAL_BUILD = "local";

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the build number, or a commit or branch given, is blank
     */
    public BuildInfo {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(buildNumber, "buildNumber");
        Objects.requireNonNull(ci, "ci");
        if (buildNumber.isBlank() || commit.filter(String::isBlank).isPresent()
                || branch.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("build info: commit, branch and build number must not be blank");
        }
    }

    /**
     * Detects the build info of a directory.
     *
     * @param directory the working directory; its git repository is found there or in a parent
     * @param environment the environment to read CI variables from (pass {@code System.getenv()})
     * @return what the CI and git say; never fails for a missing repository
     * @since 0.2.0
     */
    public static BuildInfo detect(Path directory, Map<String, String> environment) {
        return BuildDetection.detect(Objects.requireNonNull(directory, "directory"),
                Objects.requireNonNull(environment, "environment"));
    }
}
