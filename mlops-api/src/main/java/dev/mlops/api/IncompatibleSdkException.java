// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;

/**
 * A bundle needs a newer mlops-java than the one asked to serve it: its {@code runtime.minSdkVersion} is above this
 * SDK's version.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public class IncompatibleSdkException extends InvalidBundleException {
    private static final long serialVersionUID = 1L;

    private final String required;
    private final String sdk;

    /**
     * Creates the exception.
     *
     * @param file the document that declares the requirement, {@code metadata.json}
     * @param model the model, for example {@code "weather 1.0.0"}
     * @param required the least SDK version the bundle declares
     * @param sdk this SDK's version
     */
    public IncompatibleSdkException(String file, String model, String required, String sdk) {
        super(file, "runtime.minSdkVersion: " + Objects.requireNonNull(model, "model") + " needs mlops-java "
                + Objects.requireNonNull(required, "required") + " or later; this is mlops-java "
                + Objects.requireNonNull(sdk, "sdk") + " (upgrade the SDK, or serve an export made for it)");
        this.required = required;
        this.sdk = sdk;
    }

    /**
     * Returns the version the bundle needs.
     *
     * @return the declared {@code runtime.minSdkVersion}
     */
    public String required() {
        return required;
    }

    /**
     * Returns this SDK's version.
     *
     * @return the version that refused the bundle
     */
    public String sdk() {
        return sdk;
    }
}
