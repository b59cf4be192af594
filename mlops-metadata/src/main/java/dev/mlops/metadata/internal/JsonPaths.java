// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * JSON paths as every reader of this module writes them in messages: {@code inputs[1].shape[0]},
 * {@code capabilities["my key"]}. Stateless and thread-safe; internal to mlops-metadata.
 */
public final class JsonPaths {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private JsonPaths() {
    }

    /**
     * Appends a field.
     *
     * @param parent the parent path, {@code ""} for the root
     * @param name the field name
     * @return {@code parent.name}, or {@code parent["name"]} when the name is not an identifier
     */
    public static String field(String parent, String name) {
        if (IDENT.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"]";
    }

    /**
     * Appends an array index.
     *
     * @param parent the parent path
     * @param i the index
     * @return {@code parent[i]}
     */
    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /**
     * Returns the path where a streaming parser stopped.
     *
     * @param e the parser's exception
     * @return the path, {@code ""} when unknown or at the root
     */
    public static String of(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) {
            return "";
        }
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        String path = "";
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path = index(path, Math.max(0, c.getCurrentIndex()));
            } else if (c.inObject() && c.getCurrentName() != null) {
                path = field(path, c.getCurrentName());
            }
        }
        return path;
    }
}
