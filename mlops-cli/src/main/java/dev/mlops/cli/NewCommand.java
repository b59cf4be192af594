// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.MlopsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops new NAME}: a new research project, the same files as the Maven archetype generates. */
@Command(name = "new", description = {
    "Create a research project: config.json (model, train, evaluation, verify), an RnDModel with a least-squares"
        + " default to replace, the ResearchProject the train, evaluate, export and verify tasks find, a contract test"
        + " with the testkit, a tiny data set, and CI files (GitHub Actions, GitLab CI, Jenkins) that run the stages"
        + " with the build id from the CI's variables.",
    "The files are those of the Maven archetype dev.mlops:mlops-archetype (the same templates, shipped with this"
        + " command), with groupId and package PKG, artifactId and model name NAME, version 1.0-SNAPSHOT.",
    "The project goes to DIR/NAME, written whole or not at all."},
        exitCodeList = {"0:the project was written.",
            "2:bad input: NAME or PKG is not usable, DIR/NAME exists already, or a file cannot be written.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class NewCommand extends Verb {
    /** The version of a new project, as the archetype plugin's default. */
    static final String VERSION = "1.0-SNAPSHOT";

    @Parameters(index = "0", paramLabel = "NAME", description = "The project's artifactId and the model's name:"
            + " lower-case letters, digits, '.' and '-', starting with a letter (for example rain-forecast).")
    String name;

    @Option(names = "--package", paramLabel = "PKG", description = "The Java package and groupId; default"
            + " com.example. followed by NAME without its '.' and '-'.")
    @Nullable String packageName;

    @Option(names = "--dir", paramLabel = "DIR", description = "The directory to create the project in; default the"
            + " current directory.")
    Path dir = Path.of("");

    @Override
    String subject() {
        return "project " + name;
    }

    @Override
    int execute() {
        if (!name.matches("[a-z][a-z0-9.-]{0,63}")) {
            throw new MlopsException("NAME '" + name + "': expected lower-case letters, digits, '.' and '-', starting"
                    + " with a letter, at most 64 characters (for example rain-forecast)");
        }
        String pkg = packageName != null ? packageName
                : "com.example." + name.replace("-", "").replace(".", "");
        if (!SourceVersion.isName(pkg)) {
            throw new MlopsException("--package '" + pkg + "': expected a Java package name such as org.acme.rain"
                    + " (identifiers separated by '.', no keywords)");
        }
        Path target = dir.resolve(name).toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new MlopsException(target + ": exists already; expected a new directory for the project");
        }
        ProjectTemplate template = ProjectTemplate.load();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("groupId", pkg);
        properties.put("artifactId", name);
        properties.put("version", VERSION);
        properties.put("package", pkg);
        properties.put("modelName", name);
        properties.put("mlopsVersion", template.defaults().getOrDefault("mlopsVersion", ""));
        Map<String, byte[]> files = template.render(properties);
        write(target, files);
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            o.put("project", target.toString());
            o.put("package", pkg);
            ArrayNode list = o.putArray("files");
            files.keySet().forEach(list::add);
            Output.print(out(), o);
        } else {
            out().println("created " + Text.escape(target.toString()) + " (" + files.size() + " files, package "
                    + Text.escape(pkg) + "): cd " + Text.escape(name) + " && mvn verify");
        }
        return ExitCodes.OK;
    }

    /** Writes every file into a fresh sibling directory, then renames it to the target: whole or not at all. */
    private static void write(Path target, Map<String, byte[]> files) {
        Path parent = Objects.requireNonNull(target.getParent(), "a project directory has a parent");
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path file = staging.resolve(f.getKey());
                Files.createDirectories(Objects.requireNonNull(file.getParent(), "a file has a parent"));
                Files.write(file, f.getValue());
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write the project: " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the staging directory's name starts with '.', the project was not created
        }
    }
}
