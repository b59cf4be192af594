// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.job.Config;
import dev.mlops.api.job.Job;
import dev.mlops.api.version.BuildId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job as {@link ResearchRunner} hands it to a task: the job itself and the run store's URL, which the
 * {@code verify} task reads a baseline from. Immutable and thread-safe.
 */
record ResearchJob(Job job, Optional<String> storeUrl) implements Job {

    /** @return the job a task got, without the runner's wrapping */
    static Job unwrap(Job job) {
        return job instanceof ResearchJob r ? r.job() : job;
    }

    /** @return the store URL the runner was given, if the task was run by one */
    static Optional<String> storeOf(Job job) {
        return job instanceof ResearchJob r ? r.storeUrl() : Optional.empty();
    }

    @Override
    public Config config() {
        return job.config();
    }

    @Override
    public Path workDir() {
        return job.workDir();
    }

    @Override
    public String modelName() {
        return job.modelName();
    }

    @Override
    public String buildId() {
        return job.buildId();
    }

    @Override
    public BuildId buildIdParts() {
        return job.buildIdParts();
    }

    @Override
    public Optional<String> commit() {
        return job.commit();
    }

    @Override
    public boolean dirty() {
        return job.dirty();
    }

    @Override
    public Path buildDir() {
        return job.buildDir();
    }
}
