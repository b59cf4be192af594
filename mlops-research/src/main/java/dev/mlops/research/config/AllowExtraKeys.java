// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the JSON object bound to the annotated record hold keys the record does not declare.
 *
 * <p>Without it, a key the record does not declare is an error naming its path. With it, such keys are kept in the
 * effective configuration (so they count in {@link EffectiveConfig#sha256()} and are written by
 * {@link EffectiveConfig#save}), can be set by overrides, and are read with
 * {@link EffectiveConfig#get(String)}; the declared components are checked as usual. The annotation applies to that
 * object only, not to the records nested in it.
 *
 * @since 0.2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AllowExtraKeys {
}
