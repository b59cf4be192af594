package dev.mlops.metadata.internal;

import dev.mlops.api.Violation;
import dev.mlops.api.spec.DataType;
import dev.mlops.metadata.internal.MetadataDto.ConstraintDto;
import dev.mlops.metadata.internal.MetadataDto.TensorSpecDto;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Bean Validation of the wire form plus the cross-field rules JSON Schema cannot express. Collects every violation.
 * Thread-safe.
 */
public final class MetadataValidator {
    static {
        ValidatorLogging.routeToSlf4j(); // before Hibernate Validator logs its start-up line
    }

    private static final ValidatorFactory FACTORY = Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .failFast(false)
            .buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    private MetadataValidator() {
    }

    /**
     * Validates a bound document.
     *
     * @param dto the document
     * @param alreadyReported paths with a violation already (type errors); not reported twice
     * @return every violation, once each (the caller sorts them with the type errors)
     */
    static List<Violation> validate(MetadataDto dto, Set<String> alreadyReported) {
        List<Violation> out = new ArrayList<>();
        for (ConstraintViolation<MetadataDto> v : VALIDATOR.validate(dto)) {
            String path = render(v.getPropertyPath());
            if (!alreadyReported.contains(path)) {
                out.add(new Violation(path, message(v.getMessage(), v.getInvalidValue())));
            }
        }
        semantic(dto, out);
        return dedupe(out);
    }

    private static List<Violation> dedupe(List<Violation> in) {
        List<Violation> out = new ArrayList<>();
        Set<Violation> seen = new HashSet<>();
        for (Violation v : in) {
            if (seen.add(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Orders paths so that {@code inputs[2]} comes before {@code inputs[10]}. */
    static int comparePaths(String a, String b) {
        String[] pa = a.split("(?=[.\\[])");
        String[] pb = b.split("(?=[.\\[])");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (pa[i].matches("\\[\\d+]") && pb[i].matches("\\[\\d+]")) {
                c = Long.compare(Long.parseLong(pa[i].substring(1, pa[i].length() - 1)),
                        Long.parseLong(pb[i].substring(1, pb[i].length() - 1)));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    static String message(String template, Object invalid) {
        if (!template.contains("%s")) {
            return template;
        }
        String shown = invalid instanceof String s ? "\"" + s + "\"" : String.valueOf(invalid);
        return template.replace("%s", shown);
    }

    static String render(Path path) {
        String out = "";
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    out = JsonPaths.index(out, node.getIndex());
                } else if (node.getKey() != null) {
                    out = JsonPaths.field(out, String.valueOf(node.getKey()));
                }
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                out = JsonPaths.field(out, name);
            }
        }
        return out;
    }

    private static void semantic(MetadataDto dto, List<Violation> out) {
        Map<String, TensorSpecDto> inputs = tensors(dto.inputs, "inputs", out);
        Map<String, TensorSpecDto> outputs = tensors(dto.outputs, "outputs", out);
        dateTime(dto.createdAt, "createdAt", out);
        if (dto.provenance != null) {
            dateTime(dto.provenance.trainEndTime, "provenance.trainEndTime", out);
        }
        if (dto.capabilities != null) {
            dto.capabilities.forEach((k, v) -> {
                if (k.isBlank()) {
                    out.add(new Violation("capabilities", "capability keys must not be blank"));
                }
            });
        }
        if (dto.constraints != null) {
            for (int i = 0; i < dto.constraints.size(); i++) {
                constraint(dto.constraints.get(i), "constraints[" + i + "]", inputs, out);
            }
        }
        if (dto.adequacy != null && dto.adequacy.perOutput != null) {
            for (String name : dto.adequacy.perOutput.keySet()) {
                if (!outputs.containsKey(name)) {
                    out.add(new Violation(JsonPaths.field("adequacy.perOutput", name),
                            "names no declared output (outputs are " + outputs.keySet() + ")"));
                }
            }
        }
    }

    private static Map<String, TensorSpecDto> tensors(List<TensorSpecDto> specs, String where, List<Violation> out) {
        Map<String, TensorSpecDto> byName = new HashMap<>();
        if (specs == null) {
            return byName;
        }
        for (int i = 0; i < specs.size(); i++) {
            TensorSpecDto t = specs.get(i);
            if (t == null) {
                continue;
            }
            String path = JsonPaths.index(where, i);
            if (t.name != null && !t.name.isBlank() && byName.putIfAbsent(t.name, t) != null) {
                out.add(new Violation(path + ".name", "\"" + t.name + "\" is already the name of another tensor in "
                        + where + " (names must be unique)"));
            }
            if (t.dtype != null && DataType.fromJsonName(t.dtype).isEmpty()) {
                out.add(new Violation(path + ".dtype", "\"" + t.dtype + "\" is not a dtype (expected one of "
                        + DataType.knownNames() + ")"));
            }
            int rank = t.shape == null ? -1 : t.shape.size();
            if (t.dimNames != null && rank >= 0 && t.dimNames.size() != rank) {
                out.add(new Violation(path + ".dimNames", t.dimNames.size() + " names for a shape of rank " + rank
                        + " (expected one name per axis)"));
            }
            if (t.features != null) {
                Set<String> seen = new HashSet<>();
                for (int f = 0; f < t.features.size(); f++) {
                    String name = t.features.get(f);
                    if (name != null && !seen.add(name)) {
                        out.add(new Violation(path + ".features[" + f + "]", "\"" + name + "\" is listed twice"));
                    }
                }
                if (rank == 0) {
                    out.add(new Violation(path + ".features", "a scalar has no feature axis"));
                } else if (rank > 0) {
                    Long last = t.shape.get(rank - 1);
                    if (last != null && last >= 0 && last != t.features.size()) {
                        out.add(new Violation(path + ".features", t.features.size()
                                + " names for a last axis of size " + last + " (expected as many as the last axis)"));
                    }
                }
            }
            if (t.range != null && t.range.min != null && t.range.max != null && t.range.min > t.range.max) {
                out.add(new Violation(path + ".range", "min " + t.range.min + " is greater than max " + t.range.max));
            }
        }
        return byName;
    }

    private static void constraint(ConstraintDto c, String path, Map<String, TensorSpecDto> inputs,
            List<Violation> out) {
        if (c == null) {
            return;
        }
        if (c.min == null && c.max == null) {
            out.add(new Violation(path, "a constraint needs min, max or both"));
        }
        if (c.min != null && c.max != null && c.min > c.max) {
            out.add(new Violation(path, "min " + c.min + " is greater than max " + c.max));
        }
        if (c.input == null || c.input.isBlank()) {
            return;
        }
        TensorSpecDto input = inputs.get(c.input);
        if (input == null) {
            out.add(new Violation(path + ".input", "\"" + c.input + "\" is not a declared input (inputs are "
                    + inputs.keySet() + ")"));
            return;
        }
        if (c.feature != null && (input.features == null || !input.features.contains(c.feature))) {
            out.add(new Violation(path + ".feature", "\"" + c.feature + "\" is not a feature of input \"" + c.input
                    + "\" (its features are " + (input.features == null ? "[]" : input.features) + ")"));
        }
    }

    private static void dateTime(String text, String path, List<Violation> out) {
        if (text == null) {
            return;
        }
        try {
            OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            out.add(new Violation(path, "\"" + text
                    + "\" is not an ISO-8601 date-time with offset (e.g. 2026-11-23T10:15:30Z)"));
        }
    }
}
