package dev.genaimon.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.evaluators.quality.EvaluationScore;

/**
 * One output line of {@code genaimon eval run}: {@code {"id", "evaluator", "score", "passed", "label"?, "reason"?}}.
 * An evaluator error has {@code "score": null}, {@code "passed": false}, {@code "label": "error"} and the error as
 * reason.
 *
 * @param score null for an error result
 */
public record ScoreLine(String id, String evaluator, Double score, boolean passed, String label, String reason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ScoreLine of(String id, EvaluationScore s) {
        if (s.failed()) {
            return new ScoreLine(id, s.name(), null, false, "error", s.error());
        }
        return new ScoreLine(id, s.name(), s.value(), Boolean.TRUE.equals(s.passed()), s.label(), s.explanation());
    }

    public boolean error() {
        return score == null;
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("evaluator", evaluator);
        if (score == null) {
            o.putNull("score");
        } else {
            o.put("score", Math.round(score * 1e6) / 1e6);
        }
        o.put("passed", passed);
        if (label != null) {
            o.put("label", label);
        }
        if (reason != null) {
            o.put("reason", reason);
        }
        return o.toString();
    }

    /** Parses a line written by {@link #toJson()} (for {@code --baseline}). */
    public static ScoreLine parse(String line) throws java.io.IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject() || !n.path("evaluator").isTextual()) {
            throw new java.io.IOException("not a score line");
        }
        JsonNode score = n.get("score");
        return new ScoreLine(n.path("id").asText(), n.path("evaluator").asText(),
                score == null || !score.isNumber() ? null : score.asDouble(), n.path("passed").asBoolean(),
                n.path("label").isTextual() ? n.path("label").asText() : null,
                n.path("reason").isTextual() ? n.path("reason").asText() : null);
    }
}
