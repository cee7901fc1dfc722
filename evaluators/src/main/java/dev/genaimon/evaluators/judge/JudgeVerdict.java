package dev.genaimon.evaluators.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The judge's answer, validated against {@code {"score": integer 1..5, "reason": string}}. Exactly one of
 * {@code score} and {@code problem} is meaningful: a judge answer that does not fit is a problem, never a guess.
 */
record JudgeVerdict(int score, String reason, String problem) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_REASON_CHARS = 500;

    boolean valid() {
        return problem == null;
    }

    /**
     * Parses the model's text. A Markdown code fence around the object is tolerated (local models add one even in
     * JSON mode); anything else around it is not.
     */
    static JudgeVerdict parse(String text) {
        String body = text == null ? "" : text.strip();
        if (body.startsWith("```")) {
            body = body.replaceFirst("^```(?:json|JSON)?\\s*", "").replaceFirst("\\s*```$", "");
        }
        if (body.isEmpty()) {
            return invalid("empty answer");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid("not JSON: " + shorten(body, 80));
        }
        if (node == null || !node.isObject()) {
            return invalid("not a JSON object: " + shorten(body, 80));
        }
        JsonNode score = node.get("score");
        if (score == null || !score.isNumber()) {
            return invalid("\"score\" missing or not a number");
        }
        if (!score.isIntegralNumber() && score.asDouble() != Math.rint(score.asDouble())) {
            return invalid("\"score\" is not a whole number: " + score.asText());
        }
        double value = score.asDouble();
        if (value < 1 || value > 5) {
            return invalid("\"score\" outside 1..5: " + score.asText());
        }
        JsonNode reason = node.get("reason");
        if (reason == null || !reason.isTextual()) {
            return invalid("\"reason\" missing or not a string");
        }
        return new JudgeVerdict((int) value, shorten(reason.asText().strip(), MAX_REASON_CHARS), null);
    }

    private static JudgeVerdict invalid(String problem) {
        return new JudgeVerdict(0, null, problem);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
