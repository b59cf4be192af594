// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.metadata.Metadata;
import picocli.CommandLine.Command;

/** {@code mlops schema}: prints the metadata JSON Schema. */
@Command(name = "schema", description = {
    "Print the JSON Schema (draft 2020-12) of metadata.json on standard output.",
    "Validate a metadata.json against it in any language before packing; mlops pack and validate apply the same rules"
        + " and more."},
        exitCodeList = {"0:the schema was printed.", ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class SchemaCommand extends Verb {
    @Override
    int execute() {
        out().print(Metadata.jsonSchema());
        out().flush();
        return ExitCodes.OK;
    }
}
