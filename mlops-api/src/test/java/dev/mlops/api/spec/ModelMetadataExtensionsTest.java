// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 8: {@code extensions} was copied one level deep; a list nested in it could be changed after build(). */
class ModelMetadataExtensionsTest {
    private static ModelMetadata.Builder builder() {
        return ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1));
    }

    @Test
    void build_deepCopiesNestedListsAndMaps() {
        List<Object> areas = new ArrayList<>(List.of("Jerusalem"));
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("areas", areas);
        team.put("owner", "ml");
        ModelMetadata m = builder().extension("team", team).build();
        ModelMetadata before = builder().extension("team", Map.of("areas", List.of("Jerusalem"), "owner", "ml")).build();

        areas.add("Hebron");
        team.put("owner", "someone else");

        assertThat(m).isEqualTo(before);
        assertThat(m.hashCode()).isEqualTo(before.hashCode());
        assertThat(m.extensions()).isEqualTo(Map.of("team", Map.of("areas", List.of("Jerusalem"), "owner", "ml")));
    }

    @Test
    void extensions_areImmutableAllTheWayDown() {
        ModelMetadata m = builder().extension("team", Map.of("areas", new ArrayList<>(List.of("a")))).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> team = (Map<String, Object>) m.extensions().get("team");
        @SuppressWarnings("unchecked")
        List<Object> areas = (List<Object>) team.get("areas");
        assertThatThrownBy(() -> areas.add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> team.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.extensions().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void extensions_keepTheOrderTheyWereGivenIn() {
        Map<String, Object> nested = new LinkedHashMap<>();
        for (String k : List.of("z", "a", "m", "b")) {
            nested.put(k, k);
        }
        ModelMetadata m = builder().extension("z", 1).extension("a", nested).build();
        assertThat(m.extensions().keySet()).containsExactly("z", "a");
        assertThat(((Map<?, ?>) m.extensions().get("a")).keySet().toString()).isEqualTo("[z, a, m, b]");
    }

    @Test
    void build_acceptsJsonValues() {
        ModelMetadata m = builder().extension("s", "x").extension("i", 1).extension("l", 2L)
                .extension("d", 1.5).extension("big", new BigDecimal("1.25")).extension("b", true)
                .extension("list", List.of(1, "a", List.of(), Map.of())).build();
        assertThat(m.extensions()).hasSize(7);
    }

    @Test
    void build_rejectsValuesThatAreNotJsonNamingTheKeyPath() {
        assertThatThrownBy(() -> builder().extension("team", Map.of("areas", List.of("a", new Object()))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extensions.team.areas[1]: java.lang.Object is not a JSON value");
        assertThatThrownBy(() -> builder().extension("team", Map.of(1, "x")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extensions.team: the key 1 is not a String");
        assertThatThrownBy(() -> builder().extension("n", new AtomicLong(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extensions.n: java.util.concurrent.atomic.AtomicLong is not a JSON value");
        assertThatThrownBy(() -> builder().extension("n", Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extensions.n: NaN is not a JSON value");
    }
}
