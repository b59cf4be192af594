// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import dev.mlops.api.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
                boolean finalText = v.getConstraintDescriptor().getAnnotation().annotationType().getEnclosingClass()
                        == MetadataRules.class;
                out.add(new Violation(path, finalText ? v.getMessage() : message(v.getMessage(), v.getInvalidValue())));
            }
        }
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
}
