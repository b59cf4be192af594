package dev.mlops.metadata.cases;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** JSON paths as the metadata reader writes them: {@code inputs.x.data[2]}, {@code inputs["a b"]}. */
final class JsonPath {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private JsonPath() {
    }

    static String field(String parent, String name) {
        if (IDENT.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[" + Values.quote(name) + "]";
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** The path where a parser stopped. */
    static String of(JsonProcessingException e) {
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
