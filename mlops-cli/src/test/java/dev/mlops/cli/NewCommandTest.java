// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops new}: the archetype's files, rendered by the archetype plugin's rules; the same bytes as the Maven
 * archetype plugin itself generates (run here with this build's Maven, offline, from the local repository).
 */
class NewCommandTest {
    @TempDir
    Path dir;

    static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void new_writesTheProject_withItsPackageModelNameAndTheSdkVersion() throws IOException {
        Cli cli = Cli.run("new", "rain-model", "--package", "org.acme.rain", "--dir", dir.toString());

        assertThat(cli.code()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("created " + dir.resolve("rain-model"));
        Path project = dir.resolve("rain-model");
        assertThat(tree(project)).containsOnlyKeys("pom.xml", "config.json", "README.md", "Jenkinsfile",
                ".gitlab-ci.yml", ".gitignore", ".github/workflows/research.yml", "data/train.csv", "data/test.csv",
                "src/main/java/org/acme/rain/ProjectConfig.java", "src/main/java/org/acme/rain/CsvTable.java",
                "src/main/java/org/acme/rain/LinearModel.java", "src/main/java/org/acme/rain/MlopsProject.java",
                "src/main/resources/META-INF/services/dev.mlops.research.project.ResearchProject",
                "src/test/java/org/acme/rain/PipelineContractTest.java");
        assertThat(project.resolve("src/main/java/org/acme/rain/MlopsProject.java")).content()
                .startsWith("// SPDX-License-Identifier: Apache-2.0\npackage org.acme.rain;\n")
                .contains("return \"rain-model\";");
        assertThat(project.resolve("config.json")).content().contains("\"name\": \"rain-model\"");
        assertThat(project.resolve("src/main/resources/META-INF/services/"
                + "dev.mlops.research.project.ResearchProject")).content().isEqualTo("org.acme.rain.MlopsProject\n");
        assertThat(project.resolve("pom.xml")).content().contains("<groupId>org.acme.rain</groupId>")
                .contains("<artifactId>rain-model</artifactId>").contains("<version>1.0-SNAPSHOT</version>")
                .contains("<mlops.version>" + ProjectTemplate.load().defaults().get("mlopsVersion") + "</mlops.version>")
                .contains("<version>${mlops.version}</version>");
        assertThat(project.resolve(".github/workflows/research.yml")).content().contains("${{ github.run_id }}");
        assertThat(ProjectTemplate.load().defaults().get("mlopsVersion")).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void new_defaultPackage_isComExampleAndTheName() {
        Cli cli = Cli.run("new", "storm-1", "--dir", dir.toString(), "--json");

        assertThat(cli.code()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("\"package\" : \"com.example.storm1\"");
        assertThat(dir.resolve("storm-1/src/main/java/com/example/storm1/LinearModel.java")).isRegularFile();
    }

    @Test
    void new_refusesAnExistingDirectory_aBadNameAndABadPackage_writingNothing() throws IOException {
        Files.createDirectories(dir.resolve("taken"));

        Cli taken = Cli.run("new", "taken", "--dir", dir.toString());
        Cli name = Cli.run("new", "Bad_Name", "--dir", dir.toString());
        Cli pkg = Cli.run("new", "ok", "--package", "org.acme.class", "--dir", dir.toString());

        assertThat(taken.code()).isEqualTo(2);
        assertThat(taken.err()).contains(dir.resolve("taken") + ": exists already");
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err()).contains("NAME 'Bad_Name': expected lower-case letters");
        assertThat(pkg.code()).isEqualTo(2);
        assertThat(pkg.err()).contains("--package 'org.acme.class': expected a Java package name");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void help_listsTheExitCodes() {
        Cli cli = Cli.run("new", "--help");

        assertThat(cli.out()).contains("Exit codes:").contains("the project was written")
                .contains("DIR/NAME exists already");
    }

    /** The archetype jar (or, before packaging, its class directory zipped) under the local repository's layout. */
    static void installArchetype(Path repo, String version) throws Exception {
        URL url = Collections.list(NewCommandTest.class.getClassLoader().getResources(ProjectTemplate.DESCRIPTOR))
                .stream().filter(u -> {
                    try (var in = u.openStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("mlops-archetype");
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
        Path dir = repo.resolve("dev/mlops/mlops-archetype/" + version);
        Files.createDirectories(dir);
        Path jar = dir.resolve("mlops-archetype-" + version + ".jar");
        if (url.getProtocol().equals("jar")) {
            String spec = url.toString();
            Files.copy(Path.of(new java.net.URI(spec.substring(4, spec.indexOf("!/")))), jar);
        } else {
            Path root = Path.of(url.toURI()).getParent().getParent().getParent();
            try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
                    Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    zip.putNextEntry(new ZipEntry(root.relativize(p).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(p));
                    zip.closeEntry();
                }
            }
        }
        Files.writeString(dir.resolve("mlops-archetype-" + version + ".pom"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>dev.mlops</groupId>
                <artifactId>mlops-archetype</artifactId><version>%s</version><packaging>maven-archetype</packaging>
                </project>
                """.formatted(version));
    }

    @Test
    void new_writesTheSameFilesAsTheMavenArchetypePlugin() throws Exception {
        String mavenHome = System.getProperty("mlops.maven.home");
        String localRepository = System.getProperty("mlops.local.repository");
        String plugin = System.getProperty("mlops.archetype.plugin");
        assumeTrue(mavenHome != null && localRepository != null && plugin != null,
                "runs under Maven only (Surefire passes mlops.maven.home, mlops.local.repository and"
                        + " mlops.archetype.plugin)");
        String version = ProjectTemplate.load().defaults().get("mlopsVersion");
        Path repo = dir.resolve("repo");
        installArchetype(repo, version);
        Path settings = Files.writeString(dir.resolve("settings.xml"), """
                <settings><mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors>
                </settings>
                """.formatted(Path.of(localRepository).toUri()));
        Path generated = Files.createDirectories(dir.resolve("archetype"));
        List<String> command = new ArrayList<>(List.of(Path.of(mavenHome, "bin", "mvn").toString(), "-B", "-q",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repo,
                "org.apache.maven.plugins:maven-archetype-plugin:" + plugin + ":generate",
                "-DarchetypeGroupId=dev.mlops", "-DarchetypeArtifactId=mlops-archetype",
                "-DarchetypeVersion=" + version, "-DarchetypeCatalog=internal", "-DinteractiveMode=false",
                "-DgroupId=org.acme.rain", "-DartifactId=rain-model", "-Dversion=" + NewCommand.VERSION,
                "-Dpackage=org.acme.rain", "-DmodelName=rain-model"));
        Process maven = new ProcessBuilder(command).directory(generated.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("maven.log").toFile()).start();
        assertThat(maven.waitFor(300, TimeUnit.SECONDS)).as("archetype:generate within 300 s").isTrue();
        assertThat(maven.exitValue()).as(Files.readString(dir.resolve("maven.log"))).isZero();

        Cli cli = Cli.run("new", "rain-model", "--package", "org.acme.rain", "--dir", dir.resolve("cli").toString());
        assertThat(cli.code()).as(cli.toString()).isZero();

        Map<String, byte[]> archetype = tree(generated.resolve("rain-model"));
        Map<String, byte[]> mlopsNew = tree(dir.resolve("cli/rain-model"));
        assertThat(mlopsNew.keySet()).isEqualTo(archetype.keySet());
        for (String file : archetype.keySet()) {
            assertThat(new String(mlopsNew.get(file), StandardCharsets.UTF_8)).as(file)
                    .isEqualTo(new String(archetype.get(file), StandardCharsets.UTF_8));
        }
    }
}
