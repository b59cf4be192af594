// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.junit;

import dev.mlops.api.MlopsException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.testkit.data.Bounds;
import dev.mlops.testkit.data.MockDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The arguments provider behind {@link ModelInputs}: reads the metadata and supplies the inputs of a
 * {@link MockDataset}. Instances are created by JUnit, one per annotated method, and are not shared between threads.
 */
public final class ModelInputsProvider extends AnnotationBasedArgumentsProvider<ModelInputs> {
    /** Creates a provider; JUnit does, for each method annotated with {@link ModelInputs}. */
    public ModelInputsProvider() {
    }

    @Override
    protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context,
            ModelInputs annotation) {
        String where = "@ModelInputs on " + context.getDisplayName();
        Path file = metadataFile(annotation, where);
        ModelMetadata meta;
        try {
            meta = Metadata.read(file).metadata();
        } catch (MlopsException e) {
            throw new ExtensionConfigurationException(where + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        Bounds bounds;
        try {
            bounds = new Bounds(annotation.maxBatch(), annotation.maxDim(), annotation.allowNonFinite());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
        if (annotation.count() < 1) {
            throw new ExtensionConfigurationException(where + ": count " + annotation.count()
                    + " must be at least 1");
        }
        MockDataset.Builder builder = MockDataset.of(meta).size(annotation.count()).bounds(bounds);
        if (annotation.seed() != 0) {
            builder.seed(annotation.seed());
        }
        return builder.build().stream().map(input -> Arguments.of(input));
    }

    private static Path metadataFile(ModelInputs annotation, String where) {
        boolean hasMetadata = !annotation.metadata().isBlank();
        boolean hasBundle = !annotation.bundle().isBlank();
        if (hasMetadata == hasBundle) {
            throw new ExtensionConfigurationException(where + ": give exactly one of metadata or bundle (got "
                    + (hasMetadata ? "both" : "neither") + ")");
        }
        Path file = hasMetadata ? Path.of(annotation.metadata())
                : Path.of(annotation.bundle()).resolve(Metadata.FILE_NAME);
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new ExtensionConfigurationException(where + ": no metadata file at " + absolute
                    + " (relative paths resolve against the working directory " + Path.of("").toAbsolutePath() + ")");
        }
        return absolute;
    }
}
