package dev.genaimon.evaluators.quality.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answer format. {@code format.type}: {@code json} (the answer must be valid JSON, optionally inside a Markdown code
 * fence), {@code text}, or {@code auto} (default: an answer that starts like JSON must parse; anything else passes).
 * {@code format.schema} (JSON, implies {@code json}) is a JSON-Schema subset: {@code type} (object, array, string,
 * number, integer, boolean, null), {@code required}, {@code properties}, {@code items}, {@code enum}.
 * {@code format.regex}: the whole answer must match.
 *
 * <p>Score in [0, 1]: the share of checks passed (parse, then each schema rule); passes at
 * {@code format.threshold} (default 1.0, every check). An empty answer scores 0 under {@code json}, 1 otherwise.
 */
final class FormatEvaluator implements Evaluator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCE = Pattern.compile("(?s)^\\s*```[a-zA-Z]*\\s*\\n(.*?)\\n?```\\s*$");

    private final String type;
    private final JsonNode schema;
    private final Pattern regex;
    private final double threshold;

    /** @throws IllegalArgumentException for a schema that is not JSON or an unknown type (a configuration error) */
    FormatEvaluator(String type, String schema, String regex, double threshold) {
        this.schema = schema == null ? null : parseSchema(schema);
        this.type = schema != null ? "json" : type;
        if (!List.of("json", "text", "auto").contains(this.type)) {
            throw new IllegalArgumentException("format.type must be json, text or auto, not " + type);
        }
        this.regex = regex == null ? null : Pattern.compile(regex, Pattern.DOTALL);
        this.threshold = threshold;
    }

    private static JsonNode parseSchema(String schema) {
        try {
            return JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("format.schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String name() {
        return "format";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        String answer = Texts.clip(input.answer()).strip();
        var fenced = FENCE.matcher(answer);
        String body = fenced.matches() ? fenced.group(1).strip() : answer;
        List<String> problems = new ArrayList<>();
        int checks = 0;
        if (regex != null) {
            checks++;
            if (!regex.matcher(answer).matches()) {
                problems.add("does not match format.regex");
            }
        }
        boolean wantJson = type.equals("json") || type.equals("auto") && (body.startsWith("{") || body.startsWith("["));
        if (wantJson) {
            checks++;
            JsonNode parsed = null;
            try {
                parsed = body.isEmpty() ? null : JSON.readTree(body);
            } catch (JsonProcessingException e) {
                problems.add("invalid JSON: " + e.getOriginalMessage());
            }
            if (parsed == null && problems.isEmpty()) {
                problems.add("empty answer, JSON expected");
            }
            if (schema != null) {
                List<String> schemaProblems = new ArrayList<>();
                int[] schemaChecks = {0};
                if (parsed != null) {
                    validate(schema, parsed, "$", schemaProblems, schemaChecks);
                } else {
                    schemaChecks[0] = 1;
                    schemaProblems.add("schema not checked");
                }
                checks += schemaChecks[0];
                problems.addAll(schemaProblems);
            }
        }
        if (checks == 0) {
            return EvaluationScore.of(this, 1.0, 1.0 >= threshold, "plain text, no format required");
        }
        double score = Math.max(0, (double) (checks - problems.size()) / checks);
        String why = problems.isEmpty() ? checks + " checks passed"
                : String.join("; ", problems.subList(0, Math.min(5, problems.size())));
        return EvaluationScore.of(this, score, score >= threshold, why);
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> problems, int[] checks) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            checks[0]++;
            if (!hasType(value, type.asText())) {
                problems.add(path + " is not " + type.asText());
                return;
            }
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            checks[0]++;
            boolean found = false;
            for (JsonNode a : allowed) {
                found |= a.equals(value);
            }
            if (!found) {
                problems.add(path + " is not one of " + allowed);
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray() && value.isObject()) {
            for (JsonNode r : required) {
                checks[0]++;
                if (!value.has(r.asText())) {
                    problems.add(path + " lacks required \"" + r.asText() + "\"");
                }
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject() && value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (value.has(p.getKey())) {
                    validate(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), problems, checks);
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject() && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                validate(items, value.get(i), path + "[" + i + "]", problems, checks);
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> true;
        };
    }
}
