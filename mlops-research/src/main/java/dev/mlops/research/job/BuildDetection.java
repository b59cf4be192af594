// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads CI variables and the git repository. Stateless and thread-safe. */
final class BuildDetection {
    private static final Logger LOG = LoggerFactory.getLogger(BuildDetection.class);

    private BuildDetection() {
    }

    /** What one source says; null fields are unknown. */
    private record Facts(@Nullable String commit, @Nullable String branch, @Nullable String build, boolean dirty) {
    }

    static BuildInfo detect(Path directory, Map<String, String> env) {
        Optional<CiSystem> ci = ciOf(env);
        Facts fromCi = ci.map(c -> ciFacts(c, env)).orElse(new Facts(null, null, null, false));
        Facts fromGit = git(directory);
        String commit = fromCi.commit() != null ? fromCi.commit() : fromGit.commit();
        String branch = fromCi.branch() != null ? fromCi.branch() : fromGit.branch();
        String build = fromCi.build() != null ? fromCi.build() : BuildInfo.LOCAL_BUILD;
        return new BuildInfo(Optional.ofNullable(commit), Optional.ofNullable(branch), build, fromGit.dirty(), ci);
    }

    static Optional<CiSystem> ciOf(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"))) {
            return Optional.of(CiSystem.GITHUB_ACTIONS);
        }
        if ("true".equalsIgnoreCase(env.get("GITLAB_CI"))) {
            return Optional.of(CiSystem.GITLAB_CI);
        }
        if (value(env, "JENKINS_URL") != null || value(env, "JENKINS_HOME") != null) {
            return Optional.of(CiSystem.JENKINS);
        }
        return Optional.empty();
    }

    private static Facts ciFacts(CiSystem ci, Map<String, String> env) {
        return switch (ci) {
            case GITHUB_ACTIONS -> new Facts(value(env, "GITHUB_SHA"),
                    first(value(env, "GITHUB_HEAD_REF"), value(env, "GITHUB_REF_NAME")),
                    value(env, "GITHUB_RUN_NUMBER"), false);
            case GITLAB_CI -> new Facts(value(env, "CI_COMMIT_SHA"),
                    first(value(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"), value(env, "CI_COMMIT_REF_NAME")),
                    value(env, "CI_PIPELINE_IID"), false);
            case JENKINS -> new Facts(value(env, "GIT_COMMIT"),
                    first(value(env, "CHANGE_BRANCH"), first(value(env, "BRANCH_NAME"),
                            jenkinsGitBranch(value(env, "GIT_BRANCH")))),
                    value(env, "BUILD_NUMBER"), false);
        };
    }

    /** Jenkins' git plugin writes {@code origin/main}; the branch is {@code main}. */
    private static @Nullable String jenkinsGitBranch(@Nullable String gitBranch) {
        if (gitBranch == null) {
            return null;
        }
        String b = gitBranch.startsWith("refs/heads/") ? gitBranch.substring("refs/heads/".length()) : gitBranch;
        b = b.startsWith("refs/remotes/") ? b.substring("refs/remotes/".length()) : b;
        int slash = b.indexOf('/');
        return b.startsWith("origin/") && slash + 1 < b.length() ? b.substring(slash + 1) : b;
    }

    private static @Nullable String first(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }

    private static @Nullable String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Reads HEAD, the branch and the dirty state; nothing known when there is no repository. */
    private static Facts git(Path directory) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(directory.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            LOG.debug("no git repository at or above {}", directory);
            return new Facts(null, null, null, false);
        }
        try (Repository repo = builder.setMustExist(true).build(); Git git = Git.wrap(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            String full = repo.getFullBranch();
            String branch = full != null && full.startsWith(Constants.R_HEADS)
                    ? full.substring(Constants.R_HEADS.length()) : null;
            boolean dirty = git.status().call().hasUncommittedChanges();
            return new Facts(head == null ? null : head.name(), branch, null, dirty);
        } catch (IOException | GitAPIException | RuntimeException e) {
            LOG.warn("cannot read the git repository {}: {}; commit and branch unknown", builder.getGitDir(),
                    e.toString());
            return new Facts(null, null, null, false);
        }
    }
}
