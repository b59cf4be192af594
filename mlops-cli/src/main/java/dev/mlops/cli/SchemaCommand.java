package dev.mlops.cli;

import dev.mlops.metadata.Metadata;
import picocli.CommandLine.Command;

/** {@code mlops schema}: prints the metadata JSON Schema. */
@Command(name = "schema", description = "Print the JSON Schema of metadata.json (draft 2020-12).")
final class SchemaCommand extends Verb {
    @Override
    int execute() {
        out().print(Metadata.jsonSchema());
        out().flush();
        return ExitCodes.OK;
    }
}
