// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.metadata.bundle.SigningKey;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mlops keygen PRIVATE PUBLIC}: a new Ed25519 key pair for {@code pack --sign} and {@code --trust}. */
@Command(name = "keygen", description = {
    "Write a new Ed25519 key pair as PEM files.",
    "PRIVATE (PKCS#8, readable by its owner only) signs bundles with `pack --sign`; PUBLIC (X.509) goes to every"
        + " verifier, for `--trust`. Existing files are never overwritten."},
        exitCodeList = {"0:the keys were written.", "2:a file exists already, or cannot be written.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class KeygenCommand extends Verb {
    @Parameters(index = "0", paramLabel = "PRIVATE", description = "Where to write the private key.")
    Path privateKey;

    @Parameters(index = "1", paramLabel = "PUBLIC", description = "Where to write the public key.")
    Path publicKey;

    @Override
    String subject() {
        return String.valueOf(privateKey);
    }

    @Override
    int execute() {
        SigningKey key = SigningKey.generate();
        key.write(privateKey, publicKey);
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            o.put("keyId", key.keyId());
            o.put("privateKey", privateKey.toString());
            o.put("publicKey", publicKey.toString());
            Output.print(out(), o);
        } else {
            out().println("keys: " + Text.escape(privateKey) + ", " + Text.escape(publicKey) + " (" + key.keyId()
                    + ")");
        }
        return ExitCodes.OK;
    }
}
