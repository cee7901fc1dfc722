package dev.genaimon.evaluators.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of the reference vector format ({@code {"cases": [...]}}): numeric cases carry
 * {@code reference}/{@code current} arrays, categorical ones {@code reference_counts}/
 * {@code current_counts}; {@code expected} (optional) maps statistic names to values.
 */
record VectorCase(
        String id,
        boolean numeric,
        double[] reference,
        double[] current,
        Map<String, Long> referenceCounts,
        Map<String, Long> currentCounts,
        Map<String, Double> expected) {

    static boolean isVectorFile(JsonNode root) {
        return root != null && root.isObject() && root.has("cases") && root.get("cases").isArray();
    }

    static List<VectorCase> read(Path file, ObjectMapper mapper) throws IOException {
        return parse(mapper.readTree(file.toFile()));
    }

    static List<VectorCase> parse(JsonNode root) {
        if (!isVectorFile(root)) {
            throw new IllegalArgumentException("not a vector file: expected an object with a \"cases\" array");
        }
        List<VectorCase> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String id = c.path("id").asText("case-" + cases.size());
            boolean numeric = "numeric".equals(c.path("type").asText()) || c.has("reference");
            Map<String, Double> expected = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = c.path("expected").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getValue().isNumber()) {
                    expected.put(e.getKey(), e.getValue().asDouble());
                } else if (e.getValue().isArray()) {
                    // e.g. bin_edges -> bin_edges_0 .. bin_edges_8
                    for (int i = 0; i < e.getValue().size(); i++) {
                        expected.put(e.getKey() + "_" + i, e.getValue().get(i).asDouble());
                    }
                }
            }
            if (numeric) {
                cases.add(new VectorCase(id, true, doubles(c.get("reference")), doubles(c.get("current")),
                        Map.of(), Map.of(), expected));
            } else {
                cases.add(new VectorCase(id, false, new double[0], new double[0],
                        counts(c.get("reference_counts")), counts(c.get("current_counts")), expected));
            }
        }
        return cases;
    }

    private static double[] doubles(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("expected a numeric array");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static Map<String, Long> counts(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("expected an object of category counts");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
