package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one scanner input line. Never throws for bad input: every problem becomes a {@link ParseResult.Rejected}
 * with the reason, so the scanner can report it and carry on.
 */
final class LineParser {

    static final int MAX_LINE_CHARS = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private LineParser() {
    }

    static ParseResult parse(String line) {
        if (line == null || line.isBlank()) {
            return new ParseResult.Rejected("empty line");
        }
        if (line.length() > MAX_LINE_CHARS) {
            return new ParseResult.Rejected("line longer than " + MAX_LINE_CHARS + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new ParseResult.Rejected("invalid JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // Jackson signals some limits (nesting depth, number size) with unchecked exceptions.
            return new ParseResult.Rejected("invalid JSON: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            return new ParseResult.Rejected("expected a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || id.isNull() || !(id.isTextual() || id.isNumber())) {
            return new ParseResult.Rejected("missing or non-scalar \"id\" (string or number required)");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            return new ParseResult.Rejected("missing or non-string \"text\"");
        }
        boolean response = false;
        JsonNode role = node.get("role");
        if (role != null && !role.isNull()) {
            if (!role.isTextual()) {
                return new ParseResult.Rejected("\"role\" must be \"prompt\" or \"response\"");
            }
            switch (role.asText()) {
                case "prompt" -> response = false;
                case "response" -> response = true;
                default -> {
                    return new ParseResult.Rejected("\"role\" must be \"prompt\" or \"response\", got \""
                            + abbreviate(role.asText()) + "\"");
                }
            }
        }
        List<String> context = new ArrayList<>();
        JsonNode ctx = node.get("context");
        if (ctx != null && !ctx.isNull()) {
            if (!ctx.isArray()) {
                return new ParseResult.Rejected("\"context\" must be a list of strings");
            }
            for (JsonNode c : ctx) {
                if (!c.isTextual()) {
                    return new ParseResult.Rejected("\"context\" must be a list of strings");
                }
                context.add(c.asText());
            }
        }
        return new ParseResult.Accepted(new ScanRequest(id.asText(), text.asText(), response, context));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
