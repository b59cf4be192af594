// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build info read from a real git repository (made with JGit) and from CI variables given as a map. */
class BuildInfoTest {
    @TempDir
    Path dir;
    Path repo;
    String head;

    @BeforeEach
    void makeRepository() throws Exception {
        repo = dir.resolve("project");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/train.py"), "print('train')\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("feature/rain").call()) {
            git.add().addFilepattern(".").call();
            RevCommit c = git.commit().setMessage("first").setAuthor("Ada", "ada@example.org")
                    .setCommitter("Ada", "ada@example.org").setSign(false).call();
            head = c.name();
        }
    }

    @Test
    void detect_readsCommitAndBranchFromTheRepository_cleanTreeIsNotDirty() {
        BuildInfo info = BuildInfo.detect(repo, Map.of());

        assertThat(info).isEqualTo(new BuildInfo(Optional.of(head), Optional.of("feature/rain"),
                BuildInfo.LOCAL_BUILD, false, Optional.empty()));
    }

    @Test
    void detect_findsTheRepositoryFromASubdirectory() throws Exception {
        Path work = Files.createDirectories(repo.resolve("build/work"));

        assertThat(BuildInfo.detect(work, Map.of()).commit()).contains(head);
    }

    @Test
    void detect_modifiedTrackedFile_makesTheTreeDirty() throws Exception {
        Files.writeString(repo.resolve("src/train.py"), "print('changed')\n");

        assertThat(BuildInfo.detect(repo, Map.of()).dirty()).isTrue();
    }

    @Test
    void detect_untrackedFilesAlone_doNotMakeTheTreeDirty() throws Exception {
        Files.writeString(repo.resolve("outputs.txt"), "a run's output\n");

        assertThat(BuildInfo.detect(repo, Map.of()).dirty()).isFalse();
    }

    @Test
    void detect_withoutRepositoryOrCi_fallsBackToUnknownCommitAndLocalBuild() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));

        assertThat(BuildInfo.detect(plain, Map.of())).isEqualTo(new BuildInfo(Optional.empty(), Optional.empty(),
                "local", false, Optional.empty()));
    }

    @Test
    void githubActions_pullRequest_usesTheHeadRef_andItsVariablesWinOverGit() throws Exception {
        Files.writeString(repo.resolve("src/train.py"), "print('changed')\n");
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_SHA", "0123456789abcdef0123",
                "GITHUB_HEAD_REF", "feature/storm", "GITHUB_REF_NAME", "203/merge", "GITHUB_RUN_NUMBER", "42");

        BuildInfo info = BuildInfo.detect(repo, env);

        assertThat(info).isEqualTo(new BuildInfo(Optional.of("0123456789abcdef0123"), Optional.of("feature/storm"),
                "42", true, Optional.of(CiSystem.GITHUB_ACTIONS)));
    }

    @Test
    void githubActions_push_usesTheRefName() {
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_SHA", "abc", "GITHUB_HEAD_REF", "",
                "GITHUB_REF_NAME", "main", "GITHUB_RUN_NUMBER", "7");

        assertThat(BuildInfo.detect(repo, env).branch()).contains("main");
    }

    @Test
    void gitlabCi_mergeRequestSourceBranchWins_elseTheRefName() {
        Map<String, String> mr = Map.of("GITLAB_CI", "true", "CI_COMMIT_SHA", "fedcba", "CI_PIPELINE_IID", "9",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "fix/humidity", "CI_COMMIT_REF_NAME", "main");
        Map<String, String> push = Map.of("GITLAB_CI", "true", "CI_COMMIT_SHA", "fedcba", "CI_PIPELINE_IID", "10",
                "CI_COMMIT_REF_NAME", "main");

        assertThat(BuildInfo.detect(repo, mr)).isEqualTo(new BuildInfo(Optional.of("fedcba"),
                Optional.of("fix/humidity"), "9", false, Optional.of(CiSystem.GITLAB_CI)));
        assertThat(BuildInfo.detect(repo, push).branch()).contains("main");
    }

    @Test
    void jenkins_changeBranchWins_thenBranchName_thenGitBranchWithoutRemote() {
        Map<String, String> pr = Map.of("JENKINS_URL", "https://ci.example.org/", "GIT_COMMIT", "abc123",
                "CHANGE_BRANCH", "feature/wind", "BRANCH_NAME", "PR-12", "BUILD_NUMBER", "5");
        Map<String, String> multibranch = Map.of("JENKINS_URL", "https://ci.example.org/", "BRANCH_NAME", "main",
                "BUILD_NUMBER", "6");
        Map<String, String> freestyle = Map.of("JENKINS_HOME", "/var/jenkins", "GIT_BRANCH", "origin/release/1.x",
                "BUILD_NUMBER", "7");

        assertThat(BuildInfo.detect(repo, pr)).isEqualTo(new BuildInfo(Optional.of("abc123"),
                Optional.of("feature/wind"), "5", false, Optional.of(CiSystem.JENKINS)));
        assertThat(BuildInfo.detect(repo, multibranch).branch()).contains("main");
        assertThat(BuildInfo.detect(repo, multibranch).commit()).contains(head); // Jenkins gave none: git's
        assertThat(BuildInfo.detect(repo, freestyle).branch()).contains("release/1.x");
    }

    @Test
    void ciVariablesWithoutTheCiMarker_areNotRead() {
        assertThat(BuildInfo.detect(repo, Map.of("GITHUB_SHA", "abc", "BUILD_NUMBER", "3")))
                .isEqualTo(BuildInfo.detect(repo, Map.of()));
    }
}
