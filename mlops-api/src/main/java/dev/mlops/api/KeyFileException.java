// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;

/**
 * A key file cannot be read, or is not what it must be: an Ed25519 private key in PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}) or an Ed25519 public key in X.509 PEM ({@code -----BEGIN PUBLIC KEY-----}),
 * as {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write them.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class KeyFileException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * Creates the exception.
     *
     * @param file the key file at fault
     * @param message what is wrong and what was expected
     */
    public KeyFileException(String file, String message) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(message, "message"));
        this.file = file;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the key file at fault
     * @param message what is wrong and what was expected
     * @param cause the underlying failure
     */
    public KeyFileException(String file, String message, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(message, "message"), cause);
        this.file = file;
    }

    /**
     * Returns the key file at fault.
     *
     * @return the path of the key file, as given
     */
    public String file() {
        return file;
    }
}
