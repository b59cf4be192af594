// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;

/**
 * A document declares a schema version this release cannot read (a newer major, or an unknown older one).
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class IncompatibleSchemaException extends InvalidBundleException {
    private static final long serialVersionUID = 1L;

    private final String found;
    private final String supported;

    /**
     * Creates the exception for a document's {@code schemaVersion}.
     *
     * @param file the document
     * @param found the version the document declares
     * @param supported a description of the versions this release reads, for example {@code "1.x (newest 1.0)"}
     */
    public IncompatibleSchemaException(String file, String found, String supported) {
        this(file, "schemaVersion", found, supported);
    }

    /**
     * Creates the exception for a document whose version field has another name ({@code manifestVersion},
     * {@code signatureVersion}).
     *
     * @param file the document
     * @param field the version field, for example {@code "manifestVersion"}
     * @param found the version the document declares
     * @param supported a description of the versions this release reads
     * @since 0.2.0
     */
    public IncompatibleSchemaException(String file, String field, String found, String supported) {
        super(file, Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(found, "found")
                + " is not supported; this release reads " + Objects.requireNonNull(supported, "supported"));
        this.found = found;
        this.supported = supported;
    }

    /**
     * Returns the version found.
     *
     * @return the schema version the document declares
     */
    public String found() {
        return found;
    }

    /**
     * Returns the versions supported.
     *
     * @return the versions this release reads
     */
    public String supported() {
        return supported;
    }
}
