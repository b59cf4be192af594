// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.examples.docs.RepositoryDocs.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's consumer {@code pom.xml} is the one the testkit's Invoker projects build with ({@code
 * mlops-testkit/src/it/}{@code *}{@code /pom.xml}, the version a placeholder Invoker fills in), so the README cannot
 * show a pom that does not run JUnit 5 tests, and the application quick start imports the same BOM.
 */
class ConsumerPomTest {
    private static final Path README = RepositoryDocs.ROOT.resolve("README.md");

    static String version() {
        Matcher m = Pattern.compile("<artifactId>mlops-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(RepositoryDocs.read(RepositoryDocs.ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the root pom's version").isTrue();
        return m.group(1);
    }

    static List<Block> xmlBlocks() {
        return RepositoryDocs.blocks(README).stream().filter(b -> b.language().equals("xml")).toList();
    }

    static Block consumerPom() {
        return xmlBlocks().stream().filter(b -> b.text().startsWith("<?xml")).findFirst().orElseThrow();
    }

    @Test
    void readmeConsumerPom_isTheInvokerProjectsPom() throws Exception {
        String readme = consumerPom().text() + "\n";
        List<Path> poms;
        try (Stream<Path> its = Files.list(RepositoryDocs.ROOT.resolve("mlops-testkit/src/it"))) {
            poms = its.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(poms).hasSizeGreaterThanOrEqualTo(2);
        for (Path pom : poms) {
            String it = RepositoryDocs.read(pom);
            assertThat(it).as("%s uses the Invoker placeholder for the version", pom).contains("@project.version@");
            assertThat(it.replace("@project.version@", version())).as("%s and the README's pom.xml", pom)
                    .isEqualTo(readme);
        }
    }

    @Test
    void readmeConsumerPom_importsTheBomAndSetsASurefireThatRunsJUnit5() {
        String pom = consumerPom().text();
        assertThat(pom).doesNotContain("<parent>")
                .contains("<artifactId>mlops-bom</artifactId>\n        <version>" + version() + "</version>\n"
                        + "        <type>pom</type>\n        <scope>import</scope>")
                .contains("<artifactId>mlops-testkit</artifactId>\n      <scope>test</scope>");
        Matcher surefire = Pattern.compile("<artifactId>maven-surefire-plugin</artifactId>\\s*<version>(\\d+)\\.")
                .matcher(pom);
        assertThat(surefire.find()).as("a Surefire version: Maven 3.8's default 2.12.4 runs no JUnit 5 test").isTrue();
        assertThat(Integer.parseInt(surefire.group(1))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void applicationQuickStart_importsTheSameBomAndDependsOnTheRuntime() {
        Block application = xmlBlocks().get(0);
        assertThat(application.text()).doesNotStartWith("<?xml");
        String bom = "<groupId>dev.mlops</groupId>\n      <artifactId>mlops-bom</artifactId>\n      <version>" + version()
                + "</version>";
        assertThat(application.text()).contains(bom).contains("<artifactId>mlops-runtime</artifactId>")
                .doesNotContain("<artifactId>mlops-runtime</artifactId>\n    <version>");
    }
}
