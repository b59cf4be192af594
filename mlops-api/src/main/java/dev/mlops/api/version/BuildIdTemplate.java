// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.version;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build-id template such as {@code {name}__{branch}__{commit}__{build}__{trial}} that formats a {@link BuildId}
 * and parses one back.
 *
 * <p>Every placeholder appears exactly once; the literal text between placeholders must be non-empty and must not
 * contain letters, digits, {@code .} or {@code -} (the characters a safe part may hold), so parsing is never
 * ambiguous. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class BuildIdTemplate {
    private enum Part { NAME, BRANCH, COMMIT, BUILD, TRIAL }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Pattern SAFE_CHAR = Pattern.compile("[A-Za-z0-9.-]");

    /** The default template, {@code {name}__{branch}__{commit}__{build}__{trial}}. */
    public static final BuildIdTemplate DEFAULT = of("{name}__{branch}__{commit}__{build}__{trial}");

    private final String template;
    private final List<Object> pieces; // String literals and Part placeholders, in order
    private final Pattern parser;
    private final List<Part> order;

    private BuildIdTemplate(String template, List<Object> pieces, List<Part> order) {
        this.template = template;
        this.pieces = List.copyOf(pieces);
        this.order = List.copyOf(order);
        StringBuilder re = new StringBuilder();
        for (Object p : pieces) {
            re.append(p instanceof Part ? "([A-Za-z0-9.-]+)" : Pattern.quote((String) p));
        }
        this.parser = Pattern.compile(re.toString());
    }

    /**
     * Compiles a template.
     *
     * @param template text with the placeholders {@code {name}}, {@code {branch}}, {@code {commit}},
     *     {@code {build}} and {@code {trial}}, each exactly once
     * @return the template
     * @throws IllegalArgumentException naming the placeholder or separator at fault
     */
    public static BuildIdTemplate of(String template) {
        Objects.requireNonNull(template, "template");
        List<Object> pieces = new ArrayList<>();
        List<Part> order = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            String literal = template.substring(at, m.start());
            if (!literal.isEmpty()) {
                checkLiteral(template, literal);
                pieces.add(literal);
            } else if (!pieces.isEmpty()) {
                throw new IllegalArgumentException("build id template '" + template
                        + "': placeholders need a separator between them");
            }
            Part part;
            try {
                part = Part.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("build id template '" + template + "': unknown placeholder {"
                        + m.group(1) + "} (use {name}, {branch}, {commit}, {build}, {trial})", e);
            }
            if (order.contains(part)) {
                throw new IllegalArgumentException("build id template '" + template + "': {" + m.group(1)
                        + "} appears more than once");
            }
            order.add(part);
            pieces.add(part);
            at = m.end();
        }
        String tail = template.substring(at);
        if (!tail.isEmpty()) {
            checkLiteral(template, tail);
            pieces.add(tail);
        }
        if (order.size() != Part.values().length) {
            List<String> missing = new ArrayList<>();
            for (Part p : Part.values()) {
                if (!order.contains(p)) {
                    missing.add("{" + p.name().toLowerCase(java.util.Locale.ROOT) + "}");
                }
            }
            throw new IllegalArgumentException("build id template '" + template + "': missing " + missing);
        }
        return new BuildIdTemplate(template, pieces, order);
    }

    private static void checkLiteral(String template, String literal) {
        if (SAFE_CHAR.matcher(literal).find() || literal.contains("{") || literal.contains("}")) {
            throw new IllegalArgumentException("build id template '" + template + "': separator '" + literal
                    + "' may not contain letters, digits, '.', '-' or braces");
        }
    }

    /**
     * Formats a build id.
     *
     * @param id the parts
     * @return the id text
     */
    public String format(BuildId id) {
        Map<Part, String> values = values(id);
        StringBuilder sb = new StringBuilder();
        for (Object p : pieces) {
            sb.append(p instanceof Part ? values.get(p) : p);
        }
        return sb.toString();
    }

    /**
     * Parses an id this template formatted.
     *
     * @param text the id text
     * @return the parts
     * @throws IllegalArgumentException when the text does not follow the template
     */
    public BuildId parse(String text) {
        Matcher m = parser.matcher(Objects.requireNonNull(text, "text"));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' does not follow the build id template " + template);
        }
        Map<Part, String> values = new EnumMap<>(Part.class);
        for (int i = 0; i < order.size(); i++) {
            values.put(order.get(i), m.group(i + 1));
        }
        return new BuildId(part(values, Part.NAME), part(values, Part.BRANCH), part(values, Part.COMMIT),
                part(values, Part.BUILD), part(values, Part.TRIAL));
    }

    private static String part(Map<Part, String> values, Part part) {
        return Objects.requireNonNull(values.get(part), part.name()); // the template holds every part
    }

    private static Map<Part, String> values(BuildId id) {
        Map<Part, String> v = new EnumMap<>(Part.class);
        v.put(Part.NAME, id.name());
        v.put(Part.BRANCH, id.branch());
        v.put(Part.COMMIT, id.commit());
        v.put(Part.BUILD, id.build());
        v.put(Part.TRIAL, id.trial());
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuildIdTemplate t && t.template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
