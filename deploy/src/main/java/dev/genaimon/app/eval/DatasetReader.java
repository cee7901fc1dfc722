package dev.genaimon.app.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.evaluators.quality.EvaluationInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads evaluation dataset lines: {@code {"id", "question", "answer", "context": string or [strings],
 * "ground_truth"?}} or the {@code Interaction} JSON shape ({@code interactionId}, {@code messages} (last user message
 * is the question), {@code response}, {@code context: [{"content"}]}, {@code groundTruth}).
 */
public final class DatasetReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parsed line: exactly one of input and error is set. */
    public record Line(long number, EvaluationInput input, String error) {
    }

    private DatasetReader() {
    }

    public static Line parse(long number, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Line(number, null, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new Line(number, null, "not a JSON object");
        }
        try {
            return new Line(number, node.has("interactionId") ? fromInteraction(node, number) : fromDataset(node, number), null);
        } catch (IllegalArgumentException e) {
            return new Line(number, null, e.getMessage());
        }
    }

    private static EvaluationInput fromDataset(JsonNode n, long number) {
        String id = text(n, "id");
        if (id == null) {
            id = "line-" + number;
        }
        String answer = text(n, "answer");
        if (answer == null) {
            answer = text(n, "response");
        }
        if (answer == null) {
            throw new IllegalArgumentException("missing \"answer\"");
        }
        String truth = text(n, "ground_truth");
        if (truth == null) {
            truth = text(n, "groundTruth");
        }
        return new EvaluationInput(id, text(n, "tenant"), orEmpty(text(n, "question")), answer, context(n.get("context")), truth);
    }

    private static EvaluationInput fromInteraction(JsonNode n, long number) {
        String question = "";
        JsonNode messages = n.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode m : messages) {
                if ("user".equals(m.path("role").asText()) && m.path("content").isTextual()) {
                    question = m.path("content").asText();
                }
            }
        }
        String answer = text(n, "response");
        if (answer == null) {
            throw new IllegalArgumentException("interaction without \"response\"");
        }
        return new EvaluationInput(n.get("interactionId").asText(), text(n, "tenant"), question, answer,
                context(n.get("context")), text(n, "groundTruth"));
    }

    private static List<String> context(JsonNode c) {
        List<String> out = new ArrayList<>();
        if (c == null || c.isNull()) {
            return out;
        }
        if (c.isTextual()) {
            out.add(c.asText());
            return out;
        }
        if (!c.isArray()) {
            throw new IllegalArgumentException("\"context\" must be a string or an array");
        }
        for (JsonNode d : c) {
            if (d.isTextual()) {
                out.add(d.asText());
            } else if (d.isObject() && d.path("content").isTextual()) {
                out.add(d.path("content").asText());
            } else {
                throw new IllegalArgumentException("\"context\" items must be strings or {\"content\": string}");
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
