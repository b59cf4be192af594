// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.List;
import java.util.Objects;

/**
 * A bundle is not signed by a trusted key: its {@code manifest.sig} is missing, names only keys that are not trusted,
 * or holds a signature by a trusted key that does not verify over the exact bytes of {@code manifest.json} (the
 * manifest, and so the files it lists, changed after it was signed).
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class UntrustedBundleException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf list, which serializes; javac 21+ cannot see that
    private final List<String> signedBy;
    @SuppressWarnings("serial") // an immutable List.copyOf list, which serializes; javac 21+ cannot see that
    private final List<String> trusted;

    /**
     * Creates the exception. The message is {@code file + ": " + reason}, then the key ids found and those trusted.
     *
     * @param file the file at fault, {@code manifest.sig} or {@code manifest.json}
     * @param reason what is wrong, for example {@code "missing: this reader requires a signed bundle"}
     * @param signedBy the key ids that {@code manifest.sig} names, in file order; empty when it is missing
     * @param trusted the key ids the reader trusts
     */
    public UntrustedBundleException(String file, String reason, List<String> signedBy, List<String> trusted) {
        super(file, Objects.requireNonNull(reason, "reason") + " (signed by: " + show(signedBy) + "; trusted: "
                + show(trusted) + ")");
        this.signedBy = List.copyOf(signedBy);
        this.trusted = List.copyOf(trusted);
    }

    private static String show(List<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    /**
     * Returns the key ids the signature file names.
     *
     * @return the key ids found in {@code manifest.sig}, in file order; empty when it is missing
     */
    public List<String> signedBy() {
        return signedBy;
    }

    /**
     * Returns the key ids that would have been accepted.
     *
     * @return the key ids the reader trusts
     */
    public List<String> trusted() {
        return trusted;
    }
}
