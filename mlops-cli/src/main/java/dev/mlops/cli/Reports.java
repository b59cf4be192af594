// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.runtime.GraphSignature;
import dev.mlops.runtime.ValidationReport;

/** Renders validation reports as JSON. */
final class Reports {
    private Reports() {
    }

    static void describe(ObjectNode o, ValidationReport report) {
        o.put("deliveryId", report.deliveryId());
        o.put("verified", report.verified());
        o.set("metadata", Output.parse(report.metadata().toJson()));
        ObjectNode graph = o.putObject("graph");
        ports(graph.putArray("inputs"), report.signature().inputs());
        ports(graph.putArray("outputs"), report.signature().outputs());
        var fixed = graph.putArray("fixedDimensions"); // declared -1, fixed by the graph as ONNX Runtime reads it
        report.dimensionsFixedByGraph().forEach(d -> fixed.addObject().put("tensor", d.tensor()).put("input", d.input())
                .put("axis", d.axis()).put("size", d.size()));
        o.put("adequacyCases", report.adequacyCases());
        ArrayNode w = o.putArray("warnings");
        report.warnings().forEach(w::add);
    }

    static void ports(ArrayNode a, java.util.List<GraphSignature.Port> ports) {
        for (GraphSignature.Port p : ports) {
            ObjectNode n = a.addObject();
            n.put("name", p.name());
            n.put("type", p.type());
            ArrayNode shape = n.putArray("shape");
            p.shape().forEach(shape::add);
        }
    }
}
