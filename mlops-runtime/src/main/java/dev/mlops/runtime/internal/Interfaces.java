// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether one model version can replace another for the same callers: what a hot swap and a rollout check before a
 * candidate takes traffic.
 *
 * <p>Internal: {@code public} only so that the serving and delivery packages share it; this package is not exported.
 */
public final class Interfaces {
    private Interfaces() {
    }

    /**
     * Lists what a caller of the serving version could send or read that the candidate would not accept or return.
     *
     * @param serving the version callers use now
     * @param candidate the version that would replace it
     * @return one line per mismatch (an input or output missing, of another type or shape, or a new input); empty
     *     when the candidate can replace the serving version
     */
    public static List<String> mismatches(ModelMetadata serving, ModelMetadata candidate) {
        List<String> out = new ArrayList<>();
        compare("input", serving.inputs(), candidate.inputs(), out);
        compare("output", serving.outputs(), candidate.outputs(), out);
        for (TensorSpec in : candidate.inputs()) {
            if (serving.inputs().stream().noneMatch(s -> s.name().equals(in.name()))) {
                out.add("input " + in.name() + " is new (callers do not send it)");
            }
        }
        return out;
    }

    private static void compare(String kind, List<TensorSpec> serving, List<TensorSpec> candidate, List<String> out) {
        for (TensorSpec s : serving) {
            Optional<TensorSpec> c = candidate.stream().filter(x -> x.name().equals(s.name())).findFirst();
            if (c.isEmpty()) {
                out.add(kind + " " + s.name() + " is missing");
            } else if (!c.get().type().equals(s.type()) || !c.get().shape().equals(s.shape())) {
                out.add(kind + " " + s.name() + " is " + c.get().type() + c.get().shape() + ", expected " + s.type()
                        + s.shape());
            }
        }
    }
}
