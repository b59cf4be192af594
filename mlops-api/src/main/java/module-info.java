// SPDX-License-Identifier: Apache-2.0
/**
 * The contract between research and application code: model metadata, versions, tensors, {@code RuntimeModel}, jobs,
 * adequacy reports and the exception hierarchy. Depends on the JDK alone; JSpecify's nullness annotations are
 * needed only to compile.
 *
 * @since 0.1.0
 */
module dev.mlops.api {
    requires static org.jspecify;

    exports dev.mlops.api;
    exports dev.mlops.api.adequacy;
    exports dev.mlops.api.job;
    exports dev.mlops.api.spec;
    exports dev.mlops.api.tensor;
    exports dev.mlops.api.version;
}
