// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Docs point only into the repository: every relative link of every {@code *.md} resolves to a file or folder of the
 * repository (and its {@code #anchor} to a heading of the target), and no Markdown names a file that is not here.
 */
class DocLinksTest {
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s*\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    /** A file name in a code span, such as {@code `docs/cases.md`}: a mention that must exist as much as a link. */
    private static final Pattern MENTIONED_MARKDOWN = Pattern.compile("`([\\w./-]+\\.md)`");

    @Test
    void everyRelativeLink_resolvesInsideTheRepository() {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path md : RepositoryDocs.markdownFiles()) {
            List<String> prose = RepositoryDocs.prose(md);
            for (int i = 0; i < prose.size(); i++) {
                for (String target : targets(prose.get(i))) {
                    links++;
                    String problem = problem(md, target);
                    if (problem != null) {
                        broken.add(RepositoryDocs.ROOT.relativize(md) + ":" + (i + 1) + ": (" + target + ") "
                                + problem);
                    }
                }
            }
        }
        assertThat(links).as("links found: the pattern reads the docs").isGreaterThan(40);
        assertThat(broken).as("broken or outside links").isEmpty();
    }

    @Test
    void markdownFilesNamedInCodeSpans_exist() {
        List<String> missing = new ArrayList<>();
        for (Path md : RepositoryDocs.markdownFiles()) {
            List<String> prose = RepositoryDocs.prose(md);
            for (int i = 0; i < prose.size(); i++) {
                Matcher m = MENTIONED_MARKDOWN.matcher(prose.get(i));
                while (m.find()) {
                    String name = m.group(1);
                    Path here = md.getParent().resolve(name).normalize();
                    Path fromRoot = RepositoryDocs.ROOT.resolve(name).normalize();
                    boolean inside = here.startsWith(RepositoryDocs.ROOT) && fromRoot.startsWith(RepositoryDocs.ROOT);
                    if (!inside || !(Files.exists(here) || Files.exists(fromRoot))) {
                        missing.add(RepositoryDocs.ROOT.relativize(md) + ":" + (i + 1) + ": `" + name + "`");
                    }
                }
            }
        }
        assertThat(missing).as("Markdown files named but not in the repository").isEmpty();
    }

    @Test
    void noDocumentPointsAboveTheRepository() {
        List<String> outside = new ArrayList<>();
        for (Path md : RepositoryDocs.markdownFiles()) {
            List<String> lines = RepositoryDocs.read(md).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("../shared/") || line.contains("/work/")) {
                    outside.add(RepositoryDocs.ROOT.relativize(md) + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(outside).as("paths outside the repository").isEmpty();
    }

    @Test
    void theCheck_findsWhatItMustFind() {
        Path readme = RepositoryDocs.ROOT.resolve("README.md");
        assertThat(problem(readme, "docs/cases.md")).isNull();
        assertThat(problem(readme, "docs")).isNull();
        assertThat(problem(readme, "docs/no-such-page.md")).isEqualTo("no such file");
        assertThat(problem(readme, "../shared/design/ONNXRUNTIME.md")).isEqualTo("outside the repository");
        assertThat(problem(readme, "#quick-starts")).isNull();
        assertThat(problem(readme, "#no-such-heading")).startsWith("no heading");
        assertThat(targets("see [a](b.md#c), [site](https://example.org) and ![img](x.png \"t\")"))
                .containsExactly("b.md#c", "x.png");
        assertThat(slug("`mlops-api` and the GPU: 3.x (CUDA)!")).isEqualTo("mlops-api-and-the-gpu-3x-cuda");
    }

    /** The relative targets of the links on a line; absolute URLs (any scheme) are left out. */
    static List<String> targets(String line) {
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(line);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE_LINK.matcher(line);
        if (reference.matches()) {
            targets.add(reference.group(1));
        }
        targets.removeIf(t -> SCHEME.matcher(t).find());
        return targets;
    }

    /** What is wrong with a link target from a file, or {@code null}. */
    static String problem(Path from, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!resolved.startsWith(RepositoryDocs.ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (!anchor.isEmpty() && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
            return "no heading for #" + anchor + " in " + RepositoryDocs.ROOT.relativize(resolved);
        }
        return null;
    }

    /** GitHub's anchors for the headings of a Markdown file, duplicates numbered as GitHub does. */
    static Set<String> anchors(Path markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : RepositoryDocs.prose(markdown)) {
            if (line.matches("^#{1,6}\\s.*")) {
                String slug = slug(line.replaceFirst("^#{1,6}\\s+", "").replaceFirst("\\s+#+\\s*$", ""));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
