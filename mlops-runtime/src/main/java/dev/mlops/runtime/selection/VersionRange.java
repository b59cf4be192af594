// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.version.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of model versions with an optional lower and an optional upper bound, each inclusive or not. Written
 * {@code ">= 1.2.0 < 2.0.0"}; see {@link #parse(String)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param lower the least version, if any
 * @param upper the greatest version, if any
 * @since 0.2.0
 */
public record VersionRange(Optional<Bound> lower, Optional<Bound> upper) {
    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=)?\\s*(\\d[^\\s,<>=]*)");

    /**
     * Checks that some version lies in the range.
     *
     * @throws InvalidQueryException when no version can lie between the bounds, for example {@code >= 2.0.0 < 1.0.0}
     */
    public VersionRange {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        if (lower.isPresent() && upper.isPresent()) {
            int c = lower.get().version().compareTo(upper.get().version());
            if (c > 0 || c == 0 && !(lower.get().inclusive() && upper.get().inclusive())) {
                throw new InvalidQueryException("version range '" + describe(lower, upper)
                        + "' is empty: no version lies between its bounds");
            }
        }
    }

    /**
     * Returns the range of every version.
     *
     * @return a range without bounds
     * @since 0.2.0
     */
    public static VersionRange all() {
        return new VersionRange(Optional.empty(), Optional.empty());
    }

    /**
     * Returns the range of one version.
     *
     * @param version the version
     * @return {@code = version}
     * @since 0.2.0
     */
    public static VersionRange exactly(ModelVersion version) {
        Bound b = new Bound(version, true);
        return new VersionRange(Optional.of(b), Optional.of(b));
    }

    /**
     * Returns the range of a version and every later one.
     *
     * @param version the least version
     * @return {@code >= version}
     * @since 0.2.0
     */
    public static VersionRange atLeast(ModelVersion version) {
        return new VersionRange(Optional.of(new Bound(version, true)), Optional.empty());
    }

    /**
     * Reads a range: one or two comparators, separated by spaces or a comma, each an operator ({@code >=},
     * {@code >}, {@code <=}, {@code <}, {@code =}) and a {@code MAJOR.MINOR.PIPELINE} version; a version alone means
     * {@code =}. Examples: {@code ">= 1.2.0 < 2.0.0"}, {@code ">=1.2.0,<2.0.0"}, {@code "1.4.2"}, {@code "< 2.0.0"}.
     * At most one lower bound ({@code >=}, {@code >}) and one upper bound ({@code <=}, {@code <}); {@code =} stands
     * alone. {@code "any"} is {@link #all()}.
     *
     * @param text the range
     * @return the range
     * @throws InvalidQueryException quoting the text and saying what is wrong: empty, an unknown token, a version
     *     that is not {@code MAJOR.MINOR.PIPELINE}, two bounds on one side, or no version between the bounds
     * @since 0.2.0
     */
    public static VersionRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw invalid(text, "it is empty (expected for example '>= 1.2.0 < 2.0.0', or 'any')");
        }
        if (t.equals("any")) {
            return all();
        }
        Optional<Bound> lower = Optional.empty();
        Optional<Bound> upper = Optional.empty();
        boolean exact = false;
        List<String> seen = new ArrayList<>();
        Matcher m = COMPARATOR.matcher(t);
        int at = 0;
        while (at < t.length()) {
            while (at < t.length() && (Character.isWhitespace(t.charAt(at)) || t.charAt(at) == ',')) {
                at++;
            }
            if (at == t.length()) {
                break;
            }
            m.region(at, t.length());
            if (!m.lookingAt()) {
                throw invalid(text, "'" + t.substring(at) + "' is not a comparator (expected an operator >=, >, <=, <"
                        + " or = followed by a version such as 1.2.0)");
            }
            String op = m.group(1) == null ? "=" : m.group(1);
            ModelVersion v;
            try {
                v = ModelVersion.parse(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("version range '" + text + "': " + e.getMessage(), e);
            }
            String comparator = op + " " + v;
            if (exact || op.equals("=") && !seen.isEmpty()) {
                throw invalid(text, "'=' cannot be combined with another comparator ("
                        + String.join(", ", seen) + ", " + comparator + ")");
            }
            Bound b = new Bound(v, op.contains("="));
            switch (op) {
                case ">=", ">" -> {
                    if (lower.isPresent()) {
                        throw invalid(text, "two lower bounds (" + describeLower(lower.get()) + " and " + comparator
                                + ")");
                    }
                    lower = Optional.of(b);
                }
                case "<=", "<" -> {
                    if (upper.isPresent()) {
                        throw invalid(text, "two upper bounds (" + describeUpper(upper.get()) + " and " + comparator
                                + ")");
                    }
                    upper = Optional.of(b);
                }
                default -> {
                    exact = true;
                    lower = Optional.of(b);
                    upper = Optional.of(b);
                }
            }
            seen.add(comparator);
            at = m.end();
        }
        try {
            return new VersionRange(lower, upper);
        } catch (InvalidQueryException e) {
            throw invalid(text, "no version lies between its bounds");
        }
    }

    private static InvalidQueryException invalid(String text, String why) {
        return new InvalidQueryException("version range '" + text + "': " + why);
    }

    /**
     * Tells whether a version lies in the range.
     *
     * @param version a model version
     * @return {@code true} when it satisfies both bounds
     * @since 0.2.0
     */
    public boolean contains(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        if (lower.isPresent()) {
            int c = version.compareTo(lower.get().version());
            if (c < 0 || c == 0 && !lower.get().inclusive()) {
                return false;
            }
        }
        if (upper.isPresent()) {
            int c = version.compareTo(upper.get().version());
            return c < 0 || c == 0 && upper.get().inclusive();
        }
        return true;
    }

    /**
     * Writes the range as {@link #parse(String)} reads it.
     *
     * @return for example {@code ">= 1.2.0 < 2.0.0"}, {@code "= 1.4.2"} or {@code "any"} for {@link #all()}
     */
    @Override
    public String toString() {
        return describe(lower, upper);
    }

    private static String describe(Optional<Bound> lower, Optional<Bound> upper) {
        if (lower.isEmpty() && upper.isEmpty()) {
            return "any";
        }
        if (lower.isPresent() && lower.equals(upper)) {
            return "= " + lower.get().version();
        }
        List<String> parts = new ArrayList<>();
        lower.ifPresent(b -> parts.add(describeLower(b)));
        upper.ifPresent(b -> parts.add(describeUpper(b)));
        return String.join(" ", parts);
    }

    private static String describeLower(Bound b) {
        return (b.inclusive() ? ">= " : "> ") + b.version();
    }

    private static String describeUpper(Bound b) {
        return (b.inclusive() ? "<= " : "< ") + b.version();
    }

    /**
     * One end of a range.
     *
     * <p>Immutable and thread-safe.
     *
     * @param version the version at the end
     * @param inclusive whether that version lies in the range
     * @since 0.2.0
     */
    public record Bound(ModelVersion version, boolean inclusive) {
        /** Checks the components. */
        public Bound {
            Objects.requireNonNull(version, "version");
        }
    }
}
