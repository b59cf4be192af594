// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.spec.Tolerance;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A case's own tolerance, which may give only one part: {@code {"absolute": 1e-6}}. The parts it gives replace the
 * enclosing tolerance's; the parts it leaves out are taken from it (see {@link #over(Tolerance)}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param absolute the absolute part, finite and at least 0, when given
 * @param relative the relative part, finite and at least 0, when given
 * @since 0.1.0
 */
public record CaseTolerance(OptionalDouble absolute, OptionalDouble relative) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when neither part is given, or a part is negative or not finite
     */
    public CaseTolerance {
        Objects.requireNonNull(absolute, "absolute");
        Objects.requireNonNull(relative, "relative");
        if (absolute.isEmpty() && relative.isEmpty()) {
            throw new IllegalArgumentException("tolerance: give absolute, relative or both");
        }
        check("absolute", absolute);
        check("relative", relative);
    }

    private static void check(String name, OptionalDouble v) {
        if (v.isPresent() && (!(v.getAsDouble() >= 0) || Double.isInfinite(v.getAsDouble()))) {
            throw new IllegalArgumentException("tolerance." + name + ": " + v.getAsDouble()
                    + " must be a finite number >= 0");
        }
    }

    /**
     * Creates a tolerance giving both parts.
     *
     * @param absolute the absolute part
     * @param relative the relative part
     * @return the tolerance
     */
    public static CaseTolerance of(double absolute, double relative) {
        return new CaseTolerance(OptionalDouble.of(absolute), OptionalDouble.of(relative));
    }

    /**
     * Creates a tolerance giving only the absolute part.
     *
     * @param absolute the absolute part
     * @return the tolerance
     */
    public static CaseTolerance absoluteOnly(double absolute) {
        return new CaseTolerance(OptionalDouble.of(absolute), OptionalDouble.empty());
    }

    /**
     * Creates a tolerance giving only the relative part.
     *
     * @param relative the relative part
     * @return the tolerance
     */
    public static CaseTolerance relativeOnly(double relative) {
        return new CaseTolerance(OptionalDouble.empty(), OptionalDouble.of(relative));
    }

    /**
     * Completes this tolerance from an enclosing one.
     *
     * @param enclosing the tolerance this case's parts override: the output's {@code adequacy.perOutput} entry, or
     *     else the bundle's {@code adequacy.tolerance}, or else {@link Tolerance#DEFAULT}
     * @return each part from this tolerance where given, from {@code enclosing} otherwise
     */
    public Tolerance over(Tolerance enclosing) {
        Objects.requireNonNull(enclosing, "enclosing");
        return new Tolerance(absolute.orElse(enclosing.absolute()), relative.orElse(enclosing.relative()));
    }
}
