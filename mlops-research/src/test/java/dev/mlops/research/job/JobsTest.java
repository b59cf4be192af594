// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.MlopsException;
import dev.mlops.api.job.Job;
import dev.mlops.api.version.BuildId;
import dev.mlops.api.version.BuildIdTemplate;
import dev.mlops.research.config.ConfigLoader;
import dev.mlops.research.config.EffectiveConfig;
import dev.mlops.research.config.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsTest {
    static final String COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    @TempDir
    Path dir;

    EffectiveConfig<JobTestConfig> config(String... sets) {
        return ConfigLoader.of(JobTestConfig.class).parse(JobTestConfig.JSON, "config.json", Overrides.sets(sets));
    }

    static BuildInfo info(String branch, boolean dirty) {
        return new BuildInfo(Optional.of(COMMIT), Optional.of(branch), "42", dirty, Optional.of(CiSystem.JENKINS));
    }

    @Test
    void buildId_followsTheDefaultTemplate_withShortCommitAndSafeBranch_trialFromTheConfig() {
        Job job = Jobs.newBuilder(config()).workDir(dir).buildInfo(info("feature/x_y", false)).build();

        assertThat(job.buildId()).isEqualTo("weather__feature-x-y__a1b2c3d4e5f6__42__7");
        assertThat(job.buildIdParts()).isEqualTo(new BuildId("weather", "feature-x-y", "a1b2c3d4e5f6", "42", "7"));
        assertThat(job.commit()).contains(COMMIT);
        assertThat(job.modelName()).isEqualTo("weather");
        assertThat(job.workDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(job.buildDir()).isEqualTo(dir.toAbsolutePath().resolve(job.buildId()));
        assertThat(job.config().sha256()).isEqualTo(config().sha256());
    }

    @Test
    void buildId_marksADirtyTreeInTheCommitPart() {
        Job job = Jobs.newBuilder(config()).workDir(dir).buildInfo(info("main", true)).build();

        assertThat(job.buildId()).isEqualTo("weather__main__a1b2c3d4e5f6-dirty__42__7");
        assertThat(job.dirty()).isTrue();
        assertThat(BuildIdTemplate.DEFAULT.parse(job.buildId()).commit()).isEqualTo("a1b2c3d4e5f6-dirty");
    }

    @Test
    void explicitTrialAndModelName_winOverTheConfig_andATemplateCanBeGiven() {
        Job job = Jobs.newBuilder(config()).workDir(dir).buildInfo(info("main", false)).trial("t3")
                .modelName("storm").template(BuildIdTemplate.of("{name}+{trial}_{build}_{branch}_{commit}")).build();

        assertThat(job.buildId()).isEqualTo("storm+t3_42_main_a1b2c3d4e5f6");
    }

    @Test
    void withoutGitOrCi_theBuildIdUsesUnknownAndLocal() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));

        Job job = Jobs.newBuilder(config()).workDir(plain).build();

        assertThat(job.buildId()).isEqualTo("weather__unknown__unknown__local__7");
        assertThat(job.commit()).isEmpty();
        assertThat(job.dirty()).isFalse();
    }

    @Test
    void detectsFromARealRepository_andTheCiEnvironmentGiven() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("config.json"), JobTestConfig.JSON);
        String head;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            head = git.commit().setMessage("c").setAuthor("A", "a@x").setCommitter("A", "a@x").setSign(false).call()
                    .name();
        }
        Files.writeString(repo.resolve("config.json"), JobTestConfig.JSON + " ");

        Job local = Jobs.newBuilder(config()).workDir(repo.resolve("work")).build();
        Job ci = Jobs.newBuilder(config()).workDir(repo.resolve("work"))
                .environment(Map.of("GITLAB_CI", "true", "CI_COMMIT_REF_NAME", "main", "CI_PIPELINE_IID", "12"))
                .build();

        assertThat(local.buildId()).isEqualTo("weather__main__" + head.substring(0, 12) + "-dirty__local__7");
        assertThat(ci.buildId()).isEqualTo("weather__main__" + head.substring(0, 12) + "-dirty__12__7");
        assertThat(Jobs.buildInfo(ci).flatMap(BuildInfo::ci)).contains(CiSystem.GITLAB_CI);
    }

    @Test
    void build_withoutModelName_namesWhereToPutOne() {
        record NoModel(JobTestConfig.Train train) {
        }
        EffectiveConfig<NoModel> config = ConfigLoader.of(NoModel.class)
                .parse("{\"train\": {\"epochs\": 1, \"fail\": false}}", "c.json", Overrides.none());

        assertThatThrownBy(() -> Jobs.newBuilder(config).workDir(dir).buildInfo(info("main", false)).build())
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining("model.name");
    }

    @Test
    void builder_rejectsAnOptionSetTwice_andAMissingWorkDir() {
        Jobs.Builder builder = Jobs.newBuilder(config()).trial("1");

        assertThatThrownBy(() -> builder.trial("2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trial");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("workDir");
    }
}
