package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins this module's descriptor as compiled into {@code target/classes}: the packages it exports (unqualified),
 * those it opens and to whom, and the modules it passes on to its users with {@code requires transitive}.
 */
class ModuleDescriptorTest {
    final ModuleDescriptor descriptor = ModuleFinder.of(Path.of("target", "classes")).find("dev.mlops.runtime")
            .orElseThrow(() -> new AssertionError("target/classes holds no module dev.mlops.runtime")).descriptor();

    @Test
    void exportsExactlyItsPublicPackages() {
        assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .isEqualTo(Set.of("dev.mlops.runtime"));
        assertThat(descriptor.packages()).as("every package not exported is an implementation package")
                .allSatisfy(p -> assertThat(Set.of("dev.mlops.runtime").contains(p) || p.endsWith(".internal")).isTrue());
    }

    @Test
    void opensOnlyWhatFrameworksMustReflectOn() {
        assertThat(descriptor.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source,
                ModuleDescriptor.Opens::targets))).isEqualTo(Map.of());
    }

    @Test
    void passesOnTheModulesItsSignaturesName() {
        assertThat(descriptor.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .isEqualTo(Set.of("dev.mlops.api", "dev.mlops.metadata"));
    }
}
