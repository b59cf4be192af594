// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import dev.mlops.metadata.internal.Json;
import dev.mlops.metadata.internal.JsonPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading and deterministic writing of {@code manifest.sig}, the detached signature over the exact bytes of
 * {@code manifest.json}:
 * {@code {"signatureVersion": "1", "signatures": [{"algorithm": "Ed25519", "keyId": "sha256:HEX", "signature": "B64"}]}}.
 */
final class SignatureFile {
    /** The format version this release reads and writes. */
    static final String VERSION = "1";
    /** Largest signature file accepted, in bytes. */
    static final int MAX_BYTES = 64 * 1024;
    /** Most signatures one file may hold. */
    static final int MAX_SIGNATURES = 16;
    /** Length of an Ed25519 signature, in bytes. */
    static final int ED25519_LENGTH = 64;

    private static final Set<String> TOP_KEYS = Set.of("signatureVersion", "signatures");
    private static final Set<String> ENTRY_KEYS = Set.of("algorithm", "keyId", "signature");
    private static final Pattern KEY_ID = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final Pattern MAJOR = Pattern.compile("([0-9]{1,8})(\\.[0-9]{1,8})?");

    /**
     * One signature.
     *
     * @param keyId the signer's key id
     * @param signature the raw Ed25519 signature, 64 bytes
     */
    record Entry(String keyId, byte[] signature) {
        Entry {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    private SignatureFile() {
    }

    static byte[] toJson(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("{\n  \"signatureVersion\": \"" + VERSION + "\",\n  \"signatures\": [\n");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append("    {\"algorithm\": \"").append(Pem.ALGORITHM).append("\", \"keyId\": ")
                    .append(quote(e.keyId())).append(", \"signature\": \"")
                    .append(Base64.getEncoder().encodeToString(e.signature()))
                    .append(i + 1 < entries.size() ? "\"},\n" : "\"}\n");
        }
        return sb.append("  ]\n}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /**
     * Parses a signature file.
     *
     * @throws InvalidMetadataException naming {@code manifest.sig}, listing every violation with its JSON path
     * @throws IncompatibleSchemaException when {@code signatureVersion} is a newer major
     */
    static List<Entry> parse(byte[] json) {
        String file = SafePaths.SIGNATURE;
        if (json.length > MAX_BYTES) {
            throw new InvalidBundleException(file, "larger than the limit of " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            throw new InvalidMetadataException(file, new Violation(JsonPaths.of(e),
                    "not valid JSON: " + (nl < 0 ? msg : msg.substring(0, nl))), e);
        } catch (IOException e) {
            throw new InvalidBundleException(file, "cannot be parsed: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMetadataException(file, List.of(new Violation("",
                    "the signature file must be a JSON object {signatureVersion, signatures}")));
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode version = root.get("signatureVersion");
        if (version == null) {
            violations.add(new Violation("signatureVersion", "missing (expected \"" + VERSION + "\")"));
        } else if (!version.isTextual()) {
            violations.add(new Violation("signatureVersion", show(version) + " is not a string (expected \""
                    + VERSION + "\")"));
        } else if (!version.textValue().equals(VERSION)) {
            var m = MAJOR.matcher(version.textValue());
            if (m.matches() && Integer.parseInt(m.group(1)) > Integer.parseInt(VERSION)) {
                throw new IncompatibleSchemaException(file, "signatureVersion", version.textValue(),
                        "signatureVersion \"" + VERSION
                        + "\" (upgrade mlops-java to read newer signature files)");
            }
            violations.add(new Violation("signatureVersion", show(version) + " is not a signature version (expected \""
                    + VERSION + "\")"));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!TOP_KEYS.contains(name)) {
                violations.add(new Violation(ManifestCodec.field("", name), "unknown field (allowed: signatureVersion, "
                        + "signatures)"));
            }
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode sigs = root.get("signatures");
        if (sigs == null) {
            violations.add(new Violation("signatures", "missing (an array of {algorithm, keyId, signature})"));
        } else if (!sigs.isArray() || sigs.isEmpty()) {
            violations.add(new Violation("signatures", show(sigs)
                    + " is not a non-empty array of {algorithm, keyId, signature}"));
        } else if (sigs.size() > MAX_SIGNATURES) {
            violations.add(new Violation("signatures", sigs.size() + " signatures, more than the limit of "
                    + MAX_SIGNATURES));
        } else {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < sigs.size(); i++) {
                Entry e = entry(sigs.get(i), "signatures[" + i + "]", violations);
                if (e == null) {
                    continue;
                }
                Integer before = seen.putIfAbsent(e.keyId(), i);
                if (before != null) {
                    violations.add(new Violation("signatures[" + i + "].keyId", e.keyId()
                            + " signs twice (also signatures[" + before + "])"));
                } else {
                    entries.add(e);
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidMetadataException(file, violations);
        }
        return List.copyOf(entries);
    }

    private static @Nullable Entry entry(JsonNode node, String at, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(at, show(node) + " is not an object {algorithm, keyId, signature}"));
            return null;
        }
        int before = violations.size();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!ENTRY_KEYS.contains(name)) {
                violations.add(new Violation(ManifestCodec.field(at, name),
                        "unknown field (allowed: algorithm, keyId, signature)"));
            }
        }
        JsonNode alg = node.get("algorithm");
        if (alg == null) {
            violations.add(new Violation(at + ".algorithm", "missing (expected \"" + Pem.ALGORITHM + "\")"));
        } else if (!alg.isTextual() || !alg.textValue().equals(Pem.ALGORITHM)) {
            violations.add(new Violation(at + ".algorithm", show(alg) + " is not supported (signature version "
                    + VERSION + " knows \"" + Pem.ALGORITHM + "\" only)"));
        }
        JsonNode id = node.get("keyId");
        if (id == null) {
            violations.add(new Violation(at + ".keyId", "missing (\"sha256:\" and 64 lower-case hexadecimal "
                    + "characters)"));
        } else if (!id.isTextual() || !KEY_ID.matcher(id.textValue()).matches()) {
            violations.add(new Violation(at + ".keyId", show(id) + " is not a key id (\"sha256:\" and 64 lower-case "
                    + "hexadecimal characters)"));
        }
        byte @Nullable [] signature = null;
        JsonNode sig = node.get("signature");
        if (sig == null) {
            violations.add(new Violation(at + ".signature", "missing (base64 of " + ED25519_LENGTH + " bytes)"));
        } else if (!sig.isTextual() || sig.textValue().length() > 200 || !BASE64.matcher(sig.textValue()).matches()) {
            violations.add(new Violation(at + ".signature", show(sig) + " is not base64"));
        } else {
            try {
                signature = Base64.getDecoder().decode(sig.textValue());
                if (signature.length != ED25519_LENGTH) {
                    violations.add(new Violation(at + ".signature", "holds " + signature.length + " bytes (an "
                            + Pem.ALGORITHM + " signature has " + ED25519_LENGTH + ")"));
                }
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(at + ".signature", show(sig) + " is not base64: " + e.getMessage()));
            }
        }
        if (violations.size() != before) {
            return null;
        }
        return new Entry(id.textValue(), Objects.requireNonNull(signature));
    }

    private static String show(JsonNode node) {
        String s = node.toString();
        return SafePaths.display(s.length() > 80 ? s.substring(0, 77) + "..." : s);
    }
}
