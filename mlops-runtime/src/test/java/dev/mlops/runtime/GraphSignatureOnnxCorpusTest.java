// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.SignatureMismatchException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.Bundles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ONNX's own backend node tests (Debian's {@code libonnx-testdata}), each written and declared the way an exporter
 * with dynamic axes writes and declares it: dimensions of every graph input and output made symbols in the file
 * ({@link Style}), and {@code metadata.json} the file's own types with a symbolic or unnamed dimension as {@code -1}.
 * ONNX Runtime's shape inference then fixes many of those output dimensions again (a reduction over the batch axis, a
 * {@code Shape}, a constant). Every such model ONNX Runtime loads and metadata can describe must validate.
 *
 * <p>Every model's signature is checked; the bundles of those the graph tightens (what was refused before issue 9)
 * also go through {@link BundleValidation#validate} whole. The directory is {@code -Dmlops.onnx.nodeTests=DIR}, by
 * default Debian's {@code /usr/share/libonnx-testdata/data/node}; without it the test is skipped, saying so on the
 * console. Counts by outcome are printed.
 */
class GraphSignatureOnnxCorpusTest {
    static final String PROPERTY = "mlops.onnx.nodeTests";
    static final Path DEBIAN = Path.of("/usr/share/libonnx-testdata/data/node");

    /** How an exporter writes the graph's inputs and outputs. */
    enum Style {
        /** Dimension 0 a symbol, {@code batch}: {@code torch.onnx.export(..., dynamic_axes={name: {0: "batch"}})}. */
        BATCH_AXIS(axis -> axis == 0),
        /** Every dimension a symbol: an exporter that fixes nothing. */
        EVERY_AXIS(axis -> true);

        final IntPredicate symbolic;

        Style(IntPredicate symbolic) {
            this.symbolic = symbolic;
        }
    }

    private static List<Path> models = List.of();
    private static Path root = DEBIAN;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findCorpus() throws IOException {
        root = Path.of(System.getProperty(PROPERTY, DEBIAN.toString()));
        if (!Files.isDirectory(root)) {
            System.out.println("GraphSignatureOnnxCorpusTest: " + absent());
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            models = dirs.map(d -> d.resolve("model.onnx")).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String absent() {
        return root + " is absent: ONNX node-test corpus skipped (apt-get install libonnx-testdata, or -D" + PROPERTY
                + "=DIR)";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Style.class)
    void validate_acceptsEveryNodeTestOnnxRuntimeLoads_declaredAsExportersDeclareThem(Style style)
            throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(root), GraphSignatureOnnxCorpusTest::absent);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        long start = System.nanoTime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            for (Path model : models) {
                outcomes.merge(outcome(style, model, options, refused), 1, Integer::sum);
            }
        } catch (OrtException e) {
            throw new AssertionError(e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        StringBuilder sb = new StringBuilder("GraphSignatureOnnxCorpusTest " + style + ": " + models.size()
                + " node tests in " + root + " (" + ms + " ms)");
        outcomes.forEach((k, v) -> sb.append("\n  ").append(v).append("  ").append(k));
        refused.stream().limit(20).forEach(r -> sb.append("\n    ").append(r));
        System.out.println(sb);
        assertThat(models).as("node tests in " + root).isNotEmpty();
        assertThat(refused.size()).as("models ONNX Runtime loads that validation refuses, the first: "
                + refused.stream().limit(5).toList()).isZero();
    }

    /** Declares, validates and names the outcome; a refusal of a loadable model is added to {@code refused}. */
    private String outcome(Style style, Path model, OrtSession.SessionOptions options, List<String> refused)
            throws IOException {
        String test = model.getParent().getFileName().toString();
        OnnxMl.ModelProto proto;
        try (InputStream in = Files.newInputStream(model)) {
            proto = symbolic(OnnxMl.ModelProto.parseFrom(in), style);
        }
        byte[] bytes = proto.toByteArray();
        GraphSignature signature;
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(bytes, options)) {
            signature = GraphSignature.of(session);
        } catch (OrtException e) {
            return "ONNX Runtime cannot load it";
        }
        ModelMetadata meta;
        try {
            meta = declare(proto);
        } catch (IllegalArgumentException e) {
            return "metadata cannot declare it: " + e.getMessage().replaceAll("'[^']*'", "'...'");
        }
        List<String> mismatches = signature.mismatches(meta);
        if (!mismatches.isEmpty()) {
            refused.add(test + ": " + mismatches);
            return "refused: " + mismatches.stream().map(GraphSignatureOnnxCorpusTest::category).distinct()
                    .sorted().toList();
        }
        List<GraphSignature.FixedDimension> fixed = signature.dimensionsFixedByGraph(meta);
        if (fixed.isEmpty()) {
            return "accepted, matching exactly";
        }
        Path bundle = Files.createDirectories(tmp.resolve(test));
        Files.write(bundle.resolve("model.onnx"), bytes);
        Files.writeString(bundle.resolve(Metadata.FILE_NAME), Metadata.toJson(meta));
        Bundles.pack(bundle);
        try {
            ValidationReport report = BundleValidation.validate(bundle, BundleReader.standard(),
                    ModelRuntime.AdequacyPolicy.IF_PRESENT);
            assertThat(report.dimensionsFixedByGraph()).as(test).isEqualTo(fixed);
        } catch (SignatureMismatchException e) {
            refused.add(test + ": " + e.mismatches());
            return "refused by BundleValidation";
        }
        return "accepted, the graph fixing a declared -1 (refused before issue 9)";
    }

    /** A mismatch message with its names and numbers taken out, to count refusals by kind. */
    private static String category(String mismatch) {
        return mismatch.replaceAll("'[^']*'", "'...'").replaceAll("\\[[^\\]]*\\]", "[...]")
                .replaceAll("-?\\d+", "N");
    }

    /** The model as an exporter of this style writes it: the style's dimensions of each input and output symbols. */
    static OnnxMl.ModelProto symbolic(OnnxMl.ModelProto model, Style style) {
        OnnxMl.ModelProto.Builder m = model.toBuilder();
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        Set<String> initializers = initializers(model.getGraph());
        for (OnnxMl.ValueInfoProto.Builder v : g.getInputBuilderList()) {
            if (!initializers.contains(v.getName())) {
                symbolic(v, style);
            }
        }
        g.getOutputBuilderList().forEach(v -> symbolic(v, style));
        return m.build();
    }

    private static void symbolic(OnnxMl.ValueInfoProto.Builder v, Style style) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return;
        }
        OnnxMl.TensorShapeProto.Builder shape = v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        for (int i = 0; i < shape.getDimCount(); i++) {
            if (style.symbolic.test(i)) {
                shape.getDimBuilder(i).clear().setDimParam(i == 0 ? "batch" : "d" + i);
            }
        }
    }

    private static Set<String> initializers(OnnxMl.GraphProto g) {
        Set<String> names = new HashSet<>();
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        return names;
    }

    /**
     * The metadata an exporter writes for the file: each graph input (not an initializer) and output with its element
     * type and dimensions, a symbolic or unnamed one as {@code -1}.
     *
     * @throws IllegalArgumentException when metadata cannot declare it, saying why
     */
    private static ModelMetadata declare(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto g = model.getGraph();
        Set<String> initializers = initializers(g);
        ModelMetadata.Builder b = ModelMetadata.builder("node", "1.0.0");
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                b.input(spec("input", v));
            }
        }
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            b.output(spec("output", v));
        }
        return b.build();
    }

    private static TensorSpec spec(String kind, OnnxMl.ValueInfoProto v) {
        OnnxMl.TypeProto type = v.getType();
        if (!type.hasTensorType()) {
            throw new IllegalArgumentException(kind + " is not a tensor (" + type.getValueCase() + ")");
        }
        OnnxMl.TypeProto.Tensor t = type.getTensorType();
        DataType dtype = dataType(t.getElemType()).orElseThrow(() -> new IllegalArgumentException(kind
                + " has an element type the SDK does not serve"));
        if (!t.hasShape()) {
            throw new IllegalArgumentException(kind + " has no shape (unknown rank)");
        }
        long[] dims = new long[t.getShape().getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            OnnxMl.TensorShapeProto.Dimension d = t.getShape().getDim(i);
            dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return TensorSpec.of(v.getName(), dtype, dims);
    }

    private static Optional<DataType> dataType(int elemType) {
        OnnxMl.TensorProto.DataType t = OnnxMl.TensorProto.DataType.forNumber(elemType);
        if (t == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (t) {
            case FLOAT -> DataType.FLOAT32;
            case DOUBLE -> DataType.FLOAT64;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOL;
            case STRING -> DataType.STRING;
            default -> null;
        });
    }
}
