// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.MlopsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The research project skeleton of {@code dev.mlops:mlops-archetype}, read from that jar on the class path: its
 * descriptor ({@value #DESCRIPTOR}) and templates ({@value #RESOURCES}), which the archetype plugin reads too. Files are
 * rendered by the archetype plugin's rules: the root {@code pom.xml} and filtered file sets get each
 * {@code ${property}} replaced, packaged file sets go under the package's directory. The templates use no other
 * Velocity syntax (NewCommandTest proves the two produce the same bytes). Immutable and thread-safe.
 */
final class ProjectTemplate {
    static final String DESCRIPTOR = "META-INF/maven/archetype-metadata.xml";
    static final String RESOURCES = "archetype-resources";
    static final String ARCHETYPE = "mlops-archetype";

    /** A file set of the descriptor: a directory of the templates, which files, and how they are rendered. */
    record FileSet(String directory, boolean filtered, boolean packaged, List<Pattern> includes) {
        FileSet {
            includes = List.copyOf(includes);
        }

        boolean includes(String relative) {
            return includes.stream().anyMatch(p -> p.matcher(relative).matches());
        }
    }

    private final Map<String, String> defaults;
    private final Map<String, byte[]> templates;

    private ProjectTemplate(Map<String, String> defaults, Map<String, byte[]> templates) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        this.templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    /** Reads the archetype from the class path: every template and the descriptor's file sets, rendered lazily. */
    static ProjectTemplate load() {
        URL url = descriptorUrl();
        try {
            if (url.getProtocol().equals("jar")) {
                String spec = url.toString();
                Path jar = Path.of(new java.net.URI(spec.substring("jar:".length(), spec.indexOf("!/"))));
                try (FileSystem fs = FileSystems.newFileSystem(jar, (ClassLoader) null)) {
                    return read(fs.getPath("/"));
                }
            }
            return read(Path.of(url.toURI()).resolve("../../..").normalize()); // the class directory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the project templates at " + url + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new MlopsException("cannot read the project templates at " + url + ": " + e.getMessage(), e);
        }
    }

    private static URL descriptorUrl() {
        try {
            for (URL url : Collections.list(ProjectTemplate.class.getClassLoader().getResources(DESCRIPTOR))) {
                try (InputStream in = url.openStream()) {
                    if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("name=\"" + ARCHETYPE + "\"")) {
                        return url;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + DESCRIPTOR + ": " + e.getMessage(), e);
        }
        throw new MlopsException("the project templates are missing: no " + DESCRIPTOR + " of dev.mlops:" + ARCHETYPE
                + " on the class path (the mlops command ships them; a build needs dev.mlops:" + ARCHETYPE + ")");
    }

    private static ProjectTemplate read(Path root) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(Files.newInputStream(root.resolve(DESCRIPTOR)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new MlopsException(DESCRIPTOR + ": malformed archetype descriptor: " + e.getMessage(), e);
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        NodeList properties = doc.getElementsByTagNameNS("*", "requiredProperty");
        for (int i = 0; i < properties.getLength(); i++) {
            Element p = (Element) properties.item(i);
            defaults.put(p.getAttribute("key"), text(p, "defaultValue").orElse(""));
        }
        List<FileSet> fileSets = new ArrayList<>();
        NodeList sets = doc.getElementsByTagNameNS("*", "fileSet");
        for (int i = 0; i < sets.getLength(); i++) {
            Element s = (Element) sets.item(i);
            List<Pattern> includes = new ArrayList<>();
            NodeList inc = s.getElementsByTagNameNS("*", "include");
            for (int j = 0; j < inc.getLength(); j++) {
                includes.add(glob(inc.item(j).getTextContent().strip()));
            }
            fileSets.add(new FileSet(text(s, "directory").orElse(""), Boolean.parseBoolean(s.getAttribute("filtered")),
                    Boolean.parseBoolean(s.getAttribute("packaged")), includes));
        }
        Path resources = root.resolve(RESOURCES);
        Map<String, byte[]> templates = new TreeMap<>();
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = resources.relativize(file).toString().replace('\\', '/');
                templates.put(relative, Files.readAllBytes(file));
            }
        }
        // The entries, keyed by "filtered|packaged|directory|relative" so that render needs no descriptor.
        Map<String, byte[]> entries = new TreeMap<>();
        if (templates.containsKey("pom.xml")) {
            entries.put("true|false||pom.xml", templates.get("pom.xml")); // the plugin always filters the root pom
        }
        for (Map.Entry<String, byte[]> t : templates.entrySet()) {
            for (FileSet set : fileSets) {
                String dir = set.directory().isEmpty() ? "" : set.directory() + "/";
                if (t.getKey().startsWith(dir) && set.includes(t.getKey().substring(dir.length()))) {
                    entries.putIfAbsent(set.filtered() + "|" + set.packaged() + "|" + set.directory() + "|"
                            + t.getKey().substring(dir.length()), t.getValue());
                    break;
                }
            }
        }
        return new ProjectTemplate(defaults, entries);
    }

    private static Optional<String> text(Element parent, String child) {
        NodeList n = parent.getElementsByTagNameNS("*", child);
        return n.getLength() == 0 ? Optional.empty() : Optional.of(n.item(0).getTextContent().strip());
    }

    /** An Ant-style include ({@code **}/ any directories, {@code *} within a name) as a regular expression. */
    static Pattern glob(String include) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < include.length(); i++) {
            char c = include.charAt(i);
            if (include.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 2;
            } else if (include.startsWith("**", i)) {
                re.append(".*");
                i += 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The descriptor's required properties with their defaults (a default may name another property). */
    Map<String, String> defaults() {
        return defaults;
    }

    /**
     * Renders the project.
     *
     * @param properties {@code groupId}, {@code artifactId}, {@code version}, {@code package} and every required
     *     property
     * @return the files by their path in the project, sorted
     */
    Map<String, byte[]> render(Map<String, String> properties) {
        Map<String, String> values = new LinkedHashMap<>(properties);
        values.put("packageInPathFormat", java.util.Objects.requireNonNull(properties.get("package"), "package")
                .replace('.', '/'));
        Map<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : templates.entrySet()) {
            String[] key = e.getKey().split("\\|", 4);
            boolean filtered = Boolean.parseBoolean(key[0]);
            boolean packaged = Boolean.parseBoolean(key[1]);
            String path = (key[2].isEmpty() ? "" : key[2] + "/")
                    + (packaged ? values.get("packageInPathFormat") + "/" : "") + key[3];
            out.put(path, filtered ? filter(e.getValue(), values) : e.getValue());
        }
        return out;
    }

    private static byte[] filter(byte[] template, Map<String, String> values) {
        String text = new String(template, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
