// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the SDK and ONNX Runtime versions. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String sdk = Main.class.getPackage().getImplementationVersion();
        return new String[] {"mlops " + (sdk == null ? "(development build)" : sdk)};
    }
}
