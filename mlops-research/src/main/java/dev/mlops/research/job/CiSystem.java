// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

/**
 * A continuous-integration system whose variables name the commit, branch and build number.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum CiSystem {
    /** GitHub Actions: {@code GITHUB_ACTIONS=true}; {@code GITHUB_SHA}, {@code GITHUB_HEAD_REF} (pull requests)
     * else {@code GITHUB_REF_NAME}, {@code GITHUB_RUN_NUMBER}. */
    GITHUB_ACTIONS,
    /** GitLab CI: {@code GITLAB_CI=true}; {@code CI_COMMIT_SHA}, {@code CI_MERGE_REQUEST_SOURCE_BRANCH_NAME}
     * (merge requests) else {@code CI_COMMIT_REF_NAME}, {@code CI_PIPELINE_IID}. */
    GITLAB_CI,
    /** Jenkins: {@code JENKINS_URL} or {@code JENKINS_HOME} set; {@code GIT_COMMIT}, {@code CHANGE_BRANCH} (pull
     * requests) else {@code BRANCH_NAME} else {@code GIT_BRANCH} (without {@code origin/}), {@code BUILD_NUMBER}. */
    JENKINS
}
