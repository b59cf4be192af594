// SPDX-License-Identifier: Apache-2.0
/**
 * The formats: metadata JSON (reading, writing, validation, migration, the published JSON Schema), bundles and their
 * manifests and signatures, adequacy case files. Its implementation ({@code dev.mlops.metadata.internal}) is not
 * exported; it is opened to Jackson and Hibernate Validator alone, which bind and validate its wire-form classes.
 *
 * @since 0.1.0
 */
@SuppressWarnings("requires-automatic")
module dev.mlops.metadata {
    requires transitive dev.mlops.api;
    requires static org.jspecify;
    requires com.fasterxml.jackson.databind;
    requires jakarta.validation;
    requires org.hibernate.validator;
    // Hibernate Validator is an automatic module: it reads every module but cannot make the module system resolve its
    // own explicit-module dependency. Requiring it here keeps "requires dev.mlops.runtime;" enough for applications.
    requires com.fasterxml.classmate;
    requires org.slf4j;
    requires java.logging; // Hibernate Validator logs through java.util.logging here; ValidatorLogging forwards it to SLF4J

    exports dev.mlops.metadata;
    exports dev.mlops.metadata.bundle;
    exports dev.mlops.metadata.cases;

    opens dev.mlops.metadata.internal to com.fasterxml.jackson.databind, org.hibernate.validator;
}
