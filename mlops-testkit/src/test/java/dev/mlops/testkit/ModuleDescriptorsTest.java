// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every library module's descriptor as compiled (STYLE 2): the packages it exports (unqualified, and every other
 * package an {@code internal} one), what it opens and to whom, and the modules it passes on to its users with
 * {@code requires transitive}. {@code mlops-api} also pins its own at run time, on the module path.
 */
class ModuleDescriptorsTest {
    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("mlops-api", "dev.mlops.api",
                        Set.of("dev.mlops.api", "dev.mlops.api.adequacy", "dev.mlops.api.job", "dev.mlops.api.spec",
                                "dev.mlops.api.tensor", "dev.mlops.api.version"),
                        Map.of(), Set.of()),
                Arguments.of("mlops-metadata", "dev.mlops.metadata",
                        Set.of("dev.mlops.metadata", "dev.mlops.metadata.bundle", "dev.mlops.metadata.cases"),
                        Map.of("dev.mlops.metadata.internal",
                                Set.of("com.fasterxml.jackson.databind", "org.hibernate.validator")),
                        Set.of("dev.mlops.api")),
                Arguments.of("mlops-runtime", "dev.mlops.runtime", Set.of("dev.mlops.runtime",
                        "dev.mlops.runtime.batching", "dev.mlops.runtime.delivery", "dev.mlops.runtime.repository",
                        "dev.mlops.runtime.selection", "dev.mlops.runtime.serving"),
                        Map.of(),
                        Set.of("dev.mlops.api", "dev.mlops.metadata")),
                Arguments.of("mlops-testkit-core", "dev.mlops.testkit.core",
                        Set.of("dev.mlops.testkit.data", "dev.mlops.testkit.gen", "dev.mlops.testkit.models"), Map.of(),
                        Set.of("dev.mlops.api")),
                Arguments.of("mlops-testkit", "dev.mlops.testkit", Set.of("dev.mlops.testkit", "dev.mlops.testkit.junit"),
                        Map.of(), Set.of("dev.mlops.runtime", "dev.mlops.testkit.core", "org.junit.jupiter.api",
                                "org.junit.jupiter.params")));
    }

    /** The compiled module of a library module: its jar or classes on the test class path, or this module's own. */
    static ModuleDescriptor descriptor(String artifact, String name) {
        Stream<Path> entries = Stream.concat(Stream.of(Path.of("target", "classes")),
                Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of));
        Optional<ModuleDescriptor> found = entries
                .filter(p -> Files.exists(p) && artifact.equals(PublicApiTest.moduleOf(p.toAbsolutePath())))
                .map(p -> ModuleFinder.of(p).find(name)).flatMap(Optional::stream)
                .map(ModuleReference::descriptor).findFirst();
        return found.orElseThrow(() -> new AssertionError(artifact + ": no compiled module " + name
                + " on the class path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void eachLibraryModuleExportsOpensAndPassesOnExactlyWhatItShould(String artifact, String name,
            Set<String> exports, Map<String, Set<String>> opens, Set<String> transitive) {
        ModuleDescriptor d = descriptor(artifact, name);
        assertThat(d.isAutomatic()).as("%s has a module-info", artifact).isFalse();
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .as("exports of %s", name).isEqualTo(exports);
        assertThat(d.packages()).as("%s: every package not exported is an implementation package", name)
                .allSatisfy(p -> assertThat(exports.contains(p) || p.endsWith(".internal")).as(p).isTrue());
        assertThat(d.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source,
                ModuleDescriptor.Opens::targets))).as("opens of %s", name).isEqualTo(opens);
        assertThat(d.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .as("requires transitive of %s", name).isEqualTo(transitive);
    }
}
