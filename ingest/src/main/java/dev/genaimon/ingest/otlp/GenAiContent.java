package dev.genaimon.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Prompt and completion content of a GenAI span, from whichever generation of the conventions the sender follows,
 * newest first:
 * <ol>
 *   <li>{@code gen_ai.system_instructions}, {@code gen_ai.input.messages}, {@code gen_ai.output.messages}: JSON
 *       (text or structured) messages with a role and typed {@code parts};</li>
 *   <li>the {@code gen_ai.content.prompt} / {@code gen_ai.content.completion} span events with the
 *       {@code gen_ai.prompt} / {@code gen_ai.completion} attributes;</li>
 *   <li>indexed attributes {@code gen_ai.prompt.N.role/content}, {@code gen_ai.completion.N.content}.</li>
 * </ol>
 *
 * @param systemPrompt   text of the system instructions, or null
 * @param messages       request messages in order
 * @param response       text of the first output message (choice), or null
 * @param finishReason   finish reason of the first output message, or null
 * @param requestedTools tool calls the model asked for in its output
 */
record GenAiContent(String systemPrompt, List<Message> messages, String response, String finishReason,
                    List<RequestedTool> requestedTools) {

    record Message(String role, String content, String name) {
    }

    record RequestedTool(String id, String name, String arguments) {
    }

    /** Attribute keys that carry content: never copied into the free-form attributes. */
    static boolean isContentKey(String key) {
        return CONTENT_KEYS.contains(key) || key.startsWith("gen_ai.prompt.") || key.startsWith("gen_ai.completion.");
    }

    private static final Set<String> CONTENT_KEYS = Set.of("gen_ai.system_instructions", "gen_ai.input.messages",
            "gen_ai.output.messages", "gen_ai.prompt", "gen_ai.completion", "gen_ai.tool.definitions",
            "gen_ai.tool.call.arguments", "gen_ai.tool.call.result");

    static GenAiContent of(SpanAttributes attributes, List<Span.Event> events, int maxMessages) {
        String system = text(attributes.json("gen_ai.system_instructions"));
        List<Message> messages = new ArrayList<>();
        String response = null;
        String finishReason = null;
        List<RequestedTool> tools = new ArrayList<>();

        JsonNode input = attributes.json("gen_ai.input.messages");
        JsonNode output = attributes.json("gen_ai.output.messages");
        if (input != null || output != null) {
            if (input != null) {
                messages(input, maxMessages, messages);
            }
            JsonNode first = output == null ? null : (output.isArray() ? output.path(0) : output);
            if (first != null && !first.isMissingNode()) {
                response = first.isTextual() ? first.textValue() : partsText(first);
                finishReason = textOrNull(first.path("finish_reason"));
                requestedTools(first.path("parts"), tools);
            }
        } else if (hasContentEvent(events)) {
            for (Span.Event event : events) {
                SpanAttributes eventAttributes = SpanAttributes.of(event.getAttributesList());
                if (event.getName().equals("gen_ai.content.prompt")) {
                    JsonNode prompt = eventAttributes.json("gen_ai.prompt");
                    if (prompt != null && prompt.isTextual()) {
                        messages.add(new Message("user", prompt.textValue(), null));
                    } else if (prompt != null) {
                        messages(prompt, maxMessages, messages);
                    }
                } else if (event.getName().equals("gen_ai.content.completion") && response == null) {
                    JsonNode completion = eventAttributes.json("gen_ai.completion");
                    JsonNode first = completion != null && completion.isArray() ? completion.path(0) : completion;
                    response = first == null ? null : (first.isTextual() ? first.textValue() : partsText(first));
                }
            }
        } else {
            // older indexed attributes (gen_ai.prompt.0.role, ...); bounded so a sender cannot make us loop
            for (int i = 0; i <= maxMessages && attributes.has("gen_ai.prompt." + i + ".content"); i++) {
                String role = attributes.string("gen_ai.prompt." + i + ".role");
                messages.add(new Message(role == null ? "user" : role,
                        attributes.text("gen_ai.prompt." + i + ".content"), null));
            }
            response = attributes.text("gen_ai.completion.0.content");
            finishReason = attributes.string("gen_ai.completion.0.finish_reason");
        }
        // a turn that only calls tools has no response text; null says so, "" would look like an empty answer
        return new GenAiContent(system, List.copyOf(messages), response == null || response.isEmpty() ? null : response,
                finishReason, List.copyOf(tools));
    }

    private static boolean hasContentEvent(List<Span.Event> events) {
        return events.stream().anyMatch(e -> e.getName().equals("gen_ai.content.prompt")
                || e.getName().equals("gen_ai.content.completion"));
    }

    /** Messages of a JSON array; one past the limit is kept so the validator reports the overflow. */
    private static void messages(JsonNode array, int maxMessages, List<Message> out) {
        if (!array.isArray()) {
            return;
        }
        for (JsonNode message : array) {
            if (out.size() > maxMessages) {
                return;
            }
            if (message.isObject()) {
                String role = textOrNull(message.path("role"));
                out.add(new Message(role == null ? "user" : role, partsText(message),
                        textOrNull(message.path("name"))));
            }
        }
    }

    /**
     * The readable text of a message: its text parts joined by newlines (a tool result counts as text for the
     * tool role); {@code content} directly on the message is the older shape.
     */
    private static String partsText(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : message.path("parts")) {
            String type = part.path("type").asText("");
            String piece = switch (type) {
                case "text" -> textOrNull(part.path("content"));
                case "tool_call_response" -> jsonText(part.path("response"));
                default -> null; // tool_call, reasoning, blob, uri, ...: not message text
            };
            if (piece != null) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(piece);
            }
        }
        return text.toString();
    }

    private static void requestedTools(JsonNode parts, List<RequestedTool> out) {
        for (JsonNode part : parts) {
            if (part.path("type").asText("").equals("tool_call")) {
                String name = textOrNull(part.path("name"));
                if (name != null) {
                    out.add(new RequestedTool(textOrNull(part.path("id")), name, jsonText(part.path("arguments"))));
                }
            }
        }
    }

    /** System instructions: a string, or parts (an array, or an object with parts). */
    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : node) {
                String piece = part.isTextual() ? part.textValue() : textOrNull(part.path("content"));
                if (piece != null) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(piece);
                }
            }
            return text.toString();
        }
        return node.toString();
    }

    /** Strings as they are, anything else as compact JSON (tool arguments and results are usually JSON). */
    private static String jsonText(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }
}
