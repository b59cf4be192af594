package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.metadata.bundle.SigningKey;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mlops keygen PRIVATE PUBLIC}: a new Ed25519 key pair for {@code pack --sign} and {@code --trust}. */
@Command(name = "keygen", description = {
    "Write a new Ed25519 key pair as PEM files: PRIVATE (PKCS#8, owner-only) to sign bundles with `pack --sign`,",
    "PUBLIC (X.509) to give to every verifier with `--trust`. Existing files are never overwritten.",
    "Exit 0 written, 2 a file exists or cannot be written."})
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
