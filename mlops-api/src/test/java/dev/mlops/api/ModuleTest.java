// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the API module's surface: what it exports and what it needs at run time. */
class ModuleTest {
    final ModuleDescriptor descriptor = RuntimeModel.class.getModule().getDescriptor();

    @Test
    void apiIsANamedModuleExportingExactlyItsContractPackages() {
        assertThat(RuntimeModel.class.getModule().isNamed()).as("tests run on the module path").isTrue();
        assertThat(descriptor.name()).isEqualTo("dev.mlops.api");
        assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .isEqualTo(Set.of("dev.mlops.api", "dev.mlops.api.adequacy", "dev.mlops.api.job",
                        "dev.mlops.api.spec", "dev.mlops.api.tensor", "dev.mlops.api.version"));
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void apiNeedsNothingButTheJdkAtRunTime() {
        assertThat(descriptor.requires().stream()
                .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.startsWith("java.")))
                .isEmpty();
    }
}
