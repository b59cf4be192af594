// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.models;

/** Round-to-nearest-even narrowing of floats to float16 and bfloat16, widened back to float. Stateless. */
final class HalfPrecision {
    private static final double FLOAT16_MAX = 65504.0;
    private static final double BFLOAT16_MAX = Math.scalb(2.0 - Math.scalb(1.0, -7), 127);

    private HalfPrecision() {
    }

    /** @return the float16 value nearest {@code f} (ties to even), as a float */
    static float toFloat16(float f) {
        return round(f, 10, -14, FLOAT16_MAX);
    }

    /** @return the bfloat16 value nearest {@code f} (ties to even), as a float */
    static float toBFloat16(float f) {
        return round(f, 7, Float.MIN_EXPONENT, BFLOAT16_MAX);
    }

    private static float round(float f, int mantissaBits, int minExponent, double maxFinite) {
        if (!Float.isFinite(f) || f == 0) {
            return f;
        }
        double a = Math.abs((double) f);
        int exponent = Math.max(Math.getExponent(a), minExponent);
        double ulp = Math.scalb(1.0, exponent - mantissaBits);
        double r = Math.rint(a / ulp) * ulp;
        float out = r > maxFinite ? Float.POSITIVE_INFINITY : (float) r;
        return Math.copySign(out, f);
    }
}
