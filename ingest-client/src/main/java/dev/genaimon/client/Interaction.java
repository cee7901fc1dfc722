package dev.genaimon.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One LLM interaction, built with {@link #builder(String, String, String)}. Covers the common fields of genaimon's
 * {@code Interaction} schema; anything else can be sent as a {@code Map} through
 * {@link GenaimonClient#record(Map)} with the field names of the schema.
 */
public final class Interaction {

    private final String interactionId;
    private final Map<String, Object> fields;

    private Interaction(String interactionId, Map<String, Object> fields) {
        this.interactionId = interactionId;
        this.fields = fields;
    }

    /**
     * @param app      the application that made the call
     * @param provider model provider, e.g. openai, azure.ai.openai
     * @param model    model name, e.g. gpt-4o
     */
    public static Builder builder(String app, String provider, String model) {
        return new Builder(app, provider, model);
    }

    /** The id, generated when not given: use it to send feedback about this interaction. */
    public String interactionId() {
        return interactionId;
    }

    Map<String, Object> toMap() {
        return fields;
    }

    /** Builds an {@link Interaction}; every setter is optional. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private final List<Map<String, Object>> messages = new ArrayList<>();
        private final List<Map<String, Object>> context = new ArrayList<>();
        private final Map<String, Object> usage = new LinkedHashMap<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(String app, String provider, String model) {
            fields.put("app", app);
            Map<String, Object> deployment = new LinkedHashMap<>();
            deployment.put("provider", provider);
            deployment.put("model", model);
            fields.put("model", deployment);
        }

        /** Your own id makes retries idempotent downstream; default a random UUID. */
        public Builder interactionId(String id) {
            fields.put("interactionId", id);
            return this;
        }

        /** When the call started; default the time genaimon receives it. */
        public Builder timestamp(Instant timestamp) {
            fields.put("timestamp", timestamp.toString());
            return this;
        }

        public Builder environment(String environment) {
            fields.put("environment", environment);
            return this;
        }

        public Builder operation(String operation) {
            fields.put("operation", operation);
            return this;
        }

        public Builder systemPrompt(String systemPrompt) {
            fields.put("systemPrompt", systemPrompt);
            return this;
        }

        /** @param role system, developer, user, assistant or tool */
        public Builder message(String role, String content) {
            messages.add(Map.of("role", role, "content", content));
            return this;
        }

        /** A retrieval-context (grounding) document given to the model. */
        public Builder contextDocument(String content) {
            context.add(Map.of("content", content));
            return this;
        }

        public Builder response(String response) {
            fields.put("response", response);
            return this;
        }

        public Builder finishReason(String finishReason) {
            fields.put("finishReason", finishReason);
            return this;
        }

        public Builder tokens(long input, long output) {
            usage.put("inputTokens", input);
            usage.put("outputTokens", output);
            return this;
        }

        public Builder latencyMs(long latencyMs) {
            fields.put("latencyMs", latencyMs);
            return this;
        }

        public Builder timeToFirstTokenMs(long ms) {
            fields.put("timeToFirstTokenMs", ms);
            return this;
        }

        /** Marks the call as failed. */
        public Builder error(String errorType, String message) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("code", "error");
            status.put("errorType", errorType);
            status.put("message", message);
            fields.put("status", status);
            return this;
        }

        /** The raw user id: genaimon stores only a salted hash of it. */
        public Builder userId(String userId) {
            fields.put("userId", userId);
            return this;
        }

        /** The raw session id: genaimon stores only a salted hash of it. */
        public Builder sessionId(String sessionId) {
            fields.put("sessionId", sessionId);
            return this;
        }

        public Builder conversationId(String conversationId) {
            fields.put("conversationId", conversationId);
            return this;
        }

        public Builder attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        public Interaction build() {
            Map<String, Object> out = new LinkedHashMap<>(fields);
            String id = (String) out.computeIfAbsent("interactionId", k -> UUID.randomUUID().toString());
            if (!messages.isEmpty()) {
                out.put("messages", List.copyOf(messages));
            }
            if (!context.isEmpty()) {
                out.put("context", List.copyOf(context));
            }
            if (!usage.isEmpty()) {
                out.put("usage", Map.copyOf(usage));
            }
            if (!attributes.isEmpty()) {
                out.put("attributes", Map.copyOf(attributes));
            }
            return new Interaction(id, out);
        }
    }
}
