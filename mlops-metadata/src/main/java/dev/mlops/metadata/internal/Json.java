// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one place JSON parsing is configured: explicit size, depth, string and number limits, strict duplicate
 * detection and no trailing documents (RELIABILITY.md cases 15-17).
 */
public final class Json {
    /** Deepest nesting accepted in any document. */
    public static final int MAX_DEPTH = 32;
    /** Longest string value accepted, in characters. */
    public static final int MAX_STRING = 64 * 1024;
    /** Longest number accepted, in characters. */
    public static final int MAX_NUMBER = 64;
    /** Longest property name accepted, in characters. */
    public static final int MAX_NAME = 256;
    /** Largest document accepted, in bytes (metadata, manifest, one case line). */
    public static final long MAX_DOCUMENT = 1L << 20;
    /** Largest token count accepted per document. */
    public static final long MAX_TOKENS = 100_000;

    private static final ObjectMapper MAPPER = create(MAX_DOCUMENT, MAX_TOKENS);
    /** Case files hold tensors: one line may be larger than a metadata document. */
    private static final ObjectMapper CASE_MAPPER = create(16L << 20, 4_000_000);

    private Json() {
    }

    /** @return the hardened mapper for metadata and manifests (thread-safe) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** @return the hardened mapper for one adequacy case or prediction line (thread-safe) */
    public static ObjectMapper caseMapper() {
        return CASE_MAPPER;
    }

    /**
     * Returns a parser factory for one adequacy case or prediction line of up to {@code maxDocument} characters: the
     * limits of {@link #caseMapper()}, but the document and token limits follow the case file's own limit.
     *
     * @param maxDocument the longest line, in characters
     * @return a new factory (thread-safe)
     */
    public static JsonFactory caseFactory(long maxDocument) {
        return factory(maxDocument, maxDocument);
    }

    private static ObjectMapper create(long maxDocument, long maxTokens) {
        return JsonMapper.builder(factory(maxDocument, maxTokens))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private static JsonFactory factory(long maxDocument, long maxTokens) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING)
                .maxNumberLength(MAX_NUMBER)
                .maxNameLength(MAX_NAME)
                .maxDocumentLength(maxDocument)
                .maxTokenCount(maxTokens)
                .build();
        return JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }
}
