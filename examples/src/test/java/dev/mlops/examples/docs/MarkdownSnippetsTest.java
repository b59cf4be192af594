// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.examples.docs.RepositoryDocs.Block;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/**
 * Every Java block of every Markdown file is compiled and run (STYLE 14): its code, less its imports, is verbatim a
 * region between {@code // tag::name[]} and {@code // end::name[]} of a test source of this repository (compiled with
 * {@code -Werror} and run by the build), and it shows every import that code needs. Command blocks name only files,
 * modules, tests, classes and {@code mlops} commands that exist; XML blocks are well formed and name only
 * artifacts of this repository's modules.
 */
class MarkdownSnippetsTest {
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[\\]\\s*$");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)\\.(\\w+);$");

    /** A tagged region of a test source: the file, its package, its import lines, the region's dedented lines. */
    record Region(Path file, String tag, String packageName, Set<String> imports, List<String> lines) {
        String where() {
            return RepositoryDocs.ROOT.relativize(file) + " tag::" + tag;
        }
    }

    @Test
    void everyJavaBlock_isCompiledAndRunTestCodeWithItsImports() {
        List<Region> regions = regions();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path md : RepositoryDocs.markdownFiles()) {
            for (Block block : RepositoryDocs.blocks(md)) {
                if (block.language().equals("java")) {
                    checked++;
                    problems.addAll(check(block, regions));
                }
            }
        }
        assertThat(checked).as("Java blocks found in the docs").isGreaterThanOrEqualTo(13);
        assertThat(problems).as("Java blocks that are not tested code").isEmpty();
    }

    @Test
    void commandBlocks_nameOnlyWhatExists() {
        Set<String> commands = mlopsCommands();
        assertThat(commands).contains("pack", "verify", "keygen");
        List<String> problems = new ArrayList<>();
        for (Path md : RepositoryDocs.markdownFiles()) {
            for (Block block : RepositoryDocs.blocks(md)) {
                if (Set.of("bash", "sh", "shell").contains(block.language())) {
                    for (String line : block.lines()) {
                        problems.addAll(checkCommand(block.where(), line.replaceFirst("\\s#.*$", ""), commands));
                    }
                }
            }
        }
        assertThat(problems).as("commands naming what does not exist").isEmpty();
    }

    @Test
    void xmlBlocks_areWellFormedAndNameOurArtifacts() throws Exception {
        List<String> problems = new ArrayList<>();
        Pattern ours = Pattern.compile("<groupId>dev\\.mlops</groupId>\\s*<artifactId>([\\w-]+)</artifactId>");
        for (Path md : RepositoryDocs.markdownFiles()) {
            for (Block block : RepositoryDocs.blocks(md)) {
                if (!block.language().equals("xml")) {
                    continue;
                }
                String xml = block.text().replaceFirst("^<\\?xml[^>]*\\?>", "");
                DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new InputSource(new StringReader("<fragment>" + xml + "</fragment>")));
                Matcher m = ours.matcher(xml);
                while (m.find()) {
                    if (!Files.isRegularFile(RepositoryDocs.ROOT.resolve(m.group(1)).resolve("pom.xml"))) {
                        problems.add(block.where() + ": dev.mlops:" + m.group(1) + " is no module of this repository");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheck_refusesWhatItMustRefuse() {
        Region region = new Region(Path.of("T.java"), "t", "p", Set.of("import a.b.Foo;", "import static c.D.check;"),
                List.of("Foo foo = Foo.make();", "check(foo);"));
        Path md = RepositoryDocs.ROOT.resolve("README.md");
        assertThat(check(new Block(md, 1, "java", List.of("import a.b.Foo;", "import static c.D.check;", "",
                "Foo foo = Foo.make();", "check(foo);")), List.of(region))).isEmpty();
        assertThat(check(new Block(md, 1, "java", List.of("import a.b.Foo;", "Foo foo = Foo.make();", "check(foo);")),
                List.of(region))).singleElement().asString().contains("misses import static c.D.check;");
        assertThat(check(new Block(md, 1, "java", List.of("import a.b.Foo;", "import static c.D.check;",
                "Foo foo = Foo.make(1);", "check(foo);")), List.of(region))).singleElement().asString()
                .contains("is in no tagged region");
        assertThat(checkCommand("x", "mvn -pl nowhere verify -Dtest='NoSuchTest'", Set.of()))
                .containsExactly("x: module nowhere does not exist", "x: test class NoSuchTest does not exist");
        assertThat(checkCommand("x", "java -jar mlops-cli/target/mlops.jar frobnicate a.zip", Set.of("pack")))
                .containsExactly("x: mlops has no command frobnicate");
        assertThat(checkCommand("x", "examples/no-such-job.sh", Set.of())).containsExactly(
                "x: examples/no-such-job.sh does not exist");
    }

    static List<String> check(Block block, List<Region> regions) {
        Set<String> imports = new LinkedHashSet<>();
        List<String> body = new ArrayList<>();
        for (String line : block.lines()) {
            if (IMPORT.matcher(line.strip()).matches()) {
                imports.add(line.strip());
            } else {
                body.add(line);
            }
        }
        List<String> code = dedent(body);
        List<Region> same = regions.stream().filter(r -> r.lines().equals(code)).toList();
        if (same.isEmpty()) {
            return List.of(block.where() + ": this code is in no tagged region of a test source (tag::name[] ... "
                    + "end::name[]); first line: " + (code.isEmpty() ? "(empty)" : code.get(0).strip()));
        }
        List<String> problems = new ArrayList<>();
        Region region = same.get(0);
        for (String shown : imports) {
            if (!region.imports().contains(shown) && !samePackageType(region, shown)) {
                problems.add(block.where() + ": shows " + shown + ", which " + region.where() + " does not import");
            }
        }
        String joined = String.join("\n", code);
        for (String needed : region.imports()) {
            Matcher m = IMPORT.matcher(needed);
            if (m.matches() && Pattern.compile("(?<![.\\w])" + m.group(3) + "\\b").matcher(joined).find()
                    && !imports.contains(needed)) {
                problems.add(block.where() + ": misses " + needed + " (the code uses " + m.group(3) + ")");
            }
        }
        return problems;
    }

    /** An import of a type from the region's own package (which its source needs no import for) that exists. */
    private static boolean samePackageType(Region region, String shown) {
        Matcher m = IMPORT.matcher(shown);
        if (!m.matches() || m.group(1) != null || !m.group(2).equals(region.packageName())) {
            return false;
        }
        String path = m.group(2).replace('.', '/') + "/" + m.group(3) + ".java";
        return RepositoryDocs.files(m.group(3) + ".java").stream()
                .anyMatch(p -> p.toString().replace('\\', '/').endsWith("src/main/java/" + path));
    }

    /** Every tagged region of every test source (unit tests and the testkit's Invoker projects). */
    static List<Region> regions() {
        List<Region> regions = new ArrayList<>();
        for (Path source : RepositoryDocs.files(".java")) {
            String s = source.toString().replace('\\', '/');
            if (!s.contains("/src/test/java/") && !s.contains("/src/it/")) {
                continue;
            }
            List<String> lines = RepositoryDocs.read(source).lines().toList();
            String pkg = lines.stream().filter(l -> l.startsWith("package ")).findFirst()
                    .map(l -> l.substring(8, l.length() - 1)).orElse("");
            Set<String> imports = lines.stream().map(String::strip).filter(l -> IMPORT.matcher(l).matches())
                    .collect(Collectors.toCollection(HashSet::new));
            for (int i = 0; i < lines.size(); i++) {
                Matcher tag = TAG.matcher(lines.get(i));
                if (tag.matches()) {
                    String end = "// end::" + tag.group(1) + "[]";
                    int to = i + 1;
                    while (to < lines.size() && !lines.get(to).strip().equals(end)) {
                        to++;
                    }
                    assertThat(to).as("%s: %s without %s", source, tag.group(1), end).isLessThan(lines.size());
                    regions.add(new Region(source, tag.group(1), pkg, Set.copyOf(imports),
                            dedent(lines.subList(i + 1, to))));
                }
            }
        }
        assertThat(regions).as("tagged regions in the test sources").hasSizeGreaterThan(10);
        return regions;
    }

    /** Lines without their common indentation, trailing spaces and leading or trailing blank lines. */
    static List<String> dedent(List<String> lines) {
        List<String> trimmed = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!trimmed.isEmpty() && trimmed.get(0).isEmpty()) {
            trimmed.remove(0);
        }
        while (!trimmed.isEmpty() && trimmed.get(trimmed.size() - 1).isEmpty()) {
            trimmed.remove(trimmed.size() - 1);
        }
        int indent = trimmed.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return trimmed.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
    }

    /** The subcommands of {@code mlops}, read from the CLI's sources. */
    static Set<String> mlopsCommands() {
        Pattern command = Pattern.compile("@Command\\(name = \"([\\w-]+)\"");
        Set<String> names = new HashSet<>();
        for (Path source : RepositoryDocs.files("Command.java")) {
            Matcher m = command.matcher(RepositoryDocs.read(source));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static List<String> checkCommand(String where, String line, Set<String> mlopsCommands) {
        List<String> problems = new ArrayList<>();
        String[] words = line.strip().replace("'", "").replace("\"", "").split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.equals("-pl") && i + 1 < words.length) {
                for (String module : words[i + 1].split(",")) {
                    if (!Files.isRegularFile(RepositoryDocs.ROOT.resolve(module).resolve("pom.xml"))) {
                        problems.add(where + ": module " + module + " does not exist");
                    }
                }
            } else if (w.startsWith("-Dtest=")) {
                for (String test : w.substring(7).split(",")) {
                    if (!test.contains("*") && RepositoryDocs.files(test + ".java").stream()
                            .noneMatch(p -> p.getFileName().toString().equals(test + ".java"))) {
                        problems.add(where + ": test class " + test + " does not exist");
                    }
                }
            } else if ((w.endsWith("mlops.jar") || w.equals("mlops")) && i + 1 < words.length
                    && words[i + 1].matches("[a-z]+")) {
                if (!mlopsCommands.contains(words[i + 1])) {
                    problems.add(where + ": mlops has no command " + words[i + 1]);
                }
            } else if (w.matches("dev\\.mlops(\\.\\w+)+\\.[A-Z]\\w*")) {
                String file = w.replace('.', '/') + ".java";
                if (RepositoryDocs.files(w.substring(w.lastIndexOf('.') + 1) + ".java").stream()
                        .noneMatch(p -> p.toString().replace('\\', '/').endsWith(file))) {
                    problems.add(where + ": class " + w + " does not exist");
                }
            } else if (w.matches("[\\w.-]+(/[\\w.-]+)+") && !w.contains("/target/")
                    && Files.isDirectory(RepositoryDocs.ROOT.resolve(w.substring(0, w.indexOf('/'))))
                    && !Files.exists(RepositoryDocs.ROOT.resolve(w))) {
                problems.add(where + ": " + w + " does not exist");
            }
        }
        return problems;
    }
}
