// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops keygen}, {@code pack --sign} and {@code --trust} on validate, verify, inspect and predict. */
class SignedBundleCliTest {
    @TempDir
    Path tmp;

    Path key(String name) {
        Cli r = Cli.run("keygen", tmp.resolve(name + ".pem").toString(), tmp.resolve(name + ".pub.pem").toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("sha256:");
        return tmp.resolve(name);
    }

    Path signedBundle(Path key) throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("bundle"));
        Cli r = Cli.run("pack", dir.toString(), "--sign", key + ".pem");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("signed by sha256:");
        assertThat(dir.resolve("manifest.sig")).isRegularFile();
        return dir;
    }

    @Test
    void aBundleSignedByATrustedKey_validatesAndVerifies() throws IOException {
        Path key = key("team");
        Path dir = signedBundle(key);
        for (String verb : new String[] {"validate", "verify", "inspect"}) {
            Cli r = Cli.run(verb, dir.toString(), "--trust", key + ".pub.pem");
            assertThat(r.code()).as("%s %s", verb, r).isZero();
        }
    }

    @Test
    void aSignatureByAnUntrustedKey_isRefusedWithExit2NamingBothKeys() throws IOException {
        Path signer = key("team");
        Path other = key("other");
        Path dir = signedBundle(signer);
        for (String verb : new String[] {"validate", "verify"}) {
            Cli r = Cli.run(verb, dir.toString(), "--trust", other + ".pub.pem");
            assertThat(r.code()).as("%s %s", verb, r).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).as("%s", r).contains("manifest.sig");
        }
    }

    @Test
    void aFileChangedAfterSigning_isRefused() throws IOException {
        Path key = key("team");
        Path dir = signedBundle(key);
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n1,3\n");
        Cli repacked = Cli.run("pack", dir.toString()); // a new manifest, not signed by the key
        assertThat(repacked.code()).as("%s", repacked).isZero();
        Cli r = Cli.run("verify", dir.toString(), "--trust", key + ".pub.pem");
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.INVALID);
        assertThat(r.err()).contains("manifest");
    }

    @Test
    void anUnsignedBundle_isRefusedUnderTrustAndAcceptedWithout() throws IOException {
        Path key = key("team");
        Path dir = Fixtures.packedLinear(tmp.resolve("unsigned"));
        Cli trusted = Cli.run("verify", dir.toString(), "--trust", key + ".pub.pem", "--json");
        assertThat(trusted.code()).as("%s", trusted).isEqualTo(ExitCodes.INVALID);
        assertThat(trusted.out()).containsPattern("\"type\"\\s*:\\s*\"UntrustedBundleException\"");
        assertThat(Cli.run("verify", dir.toString()).code()).isZero();
    }

    @Test
    void keygen_neverOverwritesAKey() {
        key("team");
        Cli again = Cli.run("keygen", tmp.resolve("team.pem").toString(), tmp.resolve("x.pub.pem").toString());
        assertThat(again.code()).as("%s", again).isEqualTo(ExitCodes.INVALID);
        assertThat(tmp.resolve("x.pub.pem")).doesNotExist();
    }
}
