package dev.genaimon.schemas.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.avro.CallStatus;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.TokenUsage;
import dev.genaimon.schemas.avro.ToolCall;
import dev.genaimon.schemas.json.AvroJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns one JSON item of the ingest API into an {@link Interaction}: fills what ingest owns (id when absent,
 * receivedAt, source, tenant from the API key, hashed user/session ids), maps it with {@link AvroJson}, and checks
 * what a schema cannot say (limits, timestamps, id formats, known roles).
 */
public final class InteractionValidator {

    /**
     * The outcome for one item.
     *
     * @param interaction the record to publish, or null when invalid
     * @param errors      what is wrong; empty when valid
     * @param warnings    what was accepted but changed or ignored
     */
    public record Result(Interaction interaction, List<ItemError> errors, List<String> warnings) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    static final Set<String> STATUS_CODES = Set.of("ok", "error");
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final int MAX_ID_CHARS = 128;

    private final ItemLimits settings;
    private final Clock clock;
    private final UnaryOperator<Interaction> edge;

    public InteractionValidator(ItemLimits settings, Clock clock) {
        this(settings, clock, UnaryOperator.identity());
    }

    /**
     * @param edge applied to each valid interaction (ingest's edge redaction, metadata-only capture); must be
     *             thread-safe and must not throw for a valid interaction
     */
    public InteractionValidator(ItemLimits settings, Clock clock, UnaryOperator<Interaction> edge) {
        this.settings = settings;
        this.clock = clock;
        this.edge = edge;
    }

    /**
     * @param item            one JSON object of the request; completed in place
     * @param tenantFromKey   the authenticated tenant, or null in dev mode
     * @param source          how the record arrived (http, client, ...)
     */
    public Result validate(JsonNode item, String tenantFromKey, String source) {
        List<String> warnings = new ArrayList<>();
        List<ItemError> errors = new ArrayList<>();
        // completed in place (ids, times, hashed user ids): the request's own tree, never read again by the caller
        // except for a dead letter, which is then the completed item without raw user ids
        ObjectNode json = (ObjectNode) item;
        Instant now = clock.instant();

        JsonNode id = json.get("interactionId");
        if (id == null || id.isNull() || (id.isTextual() && id.textValue().isBlank())) {
            json.put("interactionId", UUID.randomUUID().toString());
        }
        JsonNode timestamp = json.get("timestamp");
        if (timestamp == null || timestamp.isNull()) {
            // services that do not track the call's start time still get a usable event time
            json.put("timestamp", now.toEpochMilli()); // a number: no formatting and parsing back
        }
        hashRawId(json, "userId", "userIdHash", settings.idHashSalt(), errors);
        hashRawId(json, "sessionId", "sessionIdHash", settings.idHashSalt(), errors);
        imposeTenant(json, tenantFromKey, warnings);
        // ingest's own: whatever the item says is replaced, set on the record rather than written into the JSON
        // and parsed back (formatting and parsing two timestamps per item was a visible share of ingest's CPU)
        json.remove("receivedAt");
        json.remove("source");

        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(json, Interaction.class, settings.maxStringChars());
        parsed.errors().forEach(e -> errors.add(new ItemError(e.path(), e.message())));
        parsed.ignoredFields().forEach(f -> warnings.add("unknown field '" + f + "' ignored"));
        if (parsed.valid()) {
            parsed.record().setReceivedAt(now);
            parsed.record().setSource(source);
            check(parsed.record(), now, errors);
        }
        // after every check: limits and errors are about what the service sent, not what the edge made of it
        Interaction valid = errors.isEmpty() ? edge.apply(parsed.record()) : null;
        return new Result(valid, List.copyOf(errors), List.copyOf(warnings));
    }

    private static final AvroJson.FastFields FAST_FIELDS = new AvroJson.FastFields(
            Set.of("interactionId", "timestamp"), Set.of("receivedAt", "source"), Set.of("userId", "sessionId"));
    /** With an API key the item's tenant is only read for the warning (whatever it is, the key's tenant wins). */
    private static final AvroJson.FastFields FAST_FIELDS_KEYED_TENANT = new AvroJson.FastFields(
            FAST_FIELDS.optional(), FAST_FIELDS.skipped(), Set.of("userId", "sessionId", "tenant"));

    /**
     * The fast path of {@link #validate} for one JSON object as bytes (an NDJSON line): no JSON tree, the record is
     * built while the bytes are parsed. Returns the same result {@link #validate} would, but only for a valid item
     * that needs no warning other than a replaced tenant; for anything else (malformed, unknown fields, any error)
     * it returns null and the caller parses the item into a tree and calls {@link #validate}, which then explains.
     */
    public Result validateFast(byte[] json, int offset, int length, String tenantFromKey, String source) {
        AvroJson.FastParsed<Interaction> parsed = AvroJson.fromJsonFast(json, offset, length, Interaction.class,
                settings.maxStringChars(), tenantFromKey == null ? FAST_FIELDS : FAST_FIELDS_KEYED_TENANT);
        if (parsed == null) {
            return null;
        }
        Interaction in = parsed.record();
        Instant now = clock.instant();
        if (in.getInteractionId() == null || in.getInteractionId().isBlank()) {
            in.setInteractionId(UUID.randomUUID().toString());
        }
        if (in.getTimestamp() == null) {
            in.setTimestamp(Instant.ofEpochMilli(now.toEpochMilli())); // as the tree path: epoch milliseconds
        }
        if (!hashCaptured(parsed.captured().get("userId"), in.getUserIdHash(), in::setUserIdHash)
                || !hashCaptured(parsed.captured().get("sessionId"), in.getSessionIdHash(), in::setSessionIdHash)) {
            return null;
        }
        List<String> warnings = List.of();
        if (tenantFromKey != null) {
            String given = parsed.captured().get("tenant");
            if (given != null && !given.equals(tenantFromKey)) {
                warnings = List.of(tenantReplaced(given, tenantFromKey));
            }
            in.setTenant(tenantFromKey);
        }
        in.setReceivedAt(now);
        in.setSource(source);
        List<ItemError> errors = new ArrayList<>();
        check(in, now, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new Result(edge.apply(in), List.of(), warnings);
    }

    /** Hashes a captured raw id into its hash field; false where the tree path would report an error. */
    private boolean hashCaptured(String raw, String givenHash, java.util.function.Consumer<String> setHash) {
        if (raw == null) {
            return true;
        }
        if (givenHash != null) {
            return false; // both given: the tree path says so
        }
        setHash.accept(hash(settings.idHashSalt(), raw));
        return true;
    }

    private void check(Interaction in, Instant now, List<ItemError> errors) {
        checkId(in.getInteractionId(), "interactionId", errors);
        checkTimestamp(in.getTimestamp(), now, settings, errors);
        notBlank(in.getTenant(), "tenant", errors);
        notBlank(in.getApp(), "app", errors);
        notBlank(in.getModel().getProvider(), "model.provider", errors);
        notBlank(in.getModel().getModel(), "model.model", errors);
        if (in.getTraceId() != null && !TRACE_ID.matcher(in.getTraceId()).matches()) {
            errors.add(new ItemError("traceId", "must be 32 lowercase hex characters (W3C trace id)"));
        }
        if (in.getSpanId() != null && !SPAN_ID.matcher(in.getSpanId()).matches()) {
            errors.add(new ItemError("spanId", "must be 16 lowercase hex characters (W3C span id)"));
        }
        List<Message> messages = in.getMessages();
        if (messages != null) {
            if (messages.size() > settings.maxMessages()) {
                errors.add(new ItemError("messages", messages.size() + " messages exceed the limit of "
                        + settings.maxMessages()));
            }
            for (int i = 0; i < messages.size(); i++) {
                if (!ROLES.contains(messages.get(i).getRole())) {
                    errors.add(new ItemError("messages[" + i + "].role", "must be one of " + sorted(ROLES)
                            + ", got '" + messages.get(i).getRole() + "'"));
                }
            }
        }
        List<ContextDocument> context = in.getContext();
        if (context != null && context.size() > settings.maxContextDocuments()) {
            errors.add(new ItemError("context", context.size() + " documents exceed the limit of "
                    + settings.maxContextDocuments()));
        }
        List<ToolCall> tools = in.getToolCalls();
        if (tools != null) {
            if (tools.size() > settings.maxToolCalls()) {
                errors.add(new ItemError("toolCalls", tools.size() + " tool calls exceed the limit of "
                        + settings.maxToolCalls()));
            }
            for (int i = 0; i < tools.size(); i++) {
                ToolCall tool = tools.get(i);
                if (!STATUS_CODES.contains(tool.getStatus())) {
                    errors.add(new ItemError("toolCalls[" + i + "].status", "must be ok or error, got '"
                            + tool.getStatus() + "'"));
                }
                nonNegative(tool.getLatencyMs(), "toolCalls[" + i + "].latencyMs", errors);
            }
        }
        TokenUsage usage = in.getUsage();
        if (usage != null) {
            nonNegative(usage.getInputTokens(), "usage.inputTokens", errors);
            nonNegative(usage.getOutputTokens(), "usage.outputTokens", errors);
            nonNegative(usage.getTotalTokens(), "usage.totalTokens", errors);
            nonNegative(usage.getCachedInputTokens(), "usage.cachedInputTokens", errors);
        }
        nonNegative(in.getLatencyMs(), "latencyMs", errors);
        nonNegative(in.getTimeToFirstTokenMs(), "timeToFirstTokenMs", errors);
        if (in.getLatencyMs() != null && in.getTimeToFirstTokenMs() != null
                && in.getTimeToFirstTokenMs() > in.getLatencyMs()) {
            errors.add(new ItemError("timeToFirstTokenMs", "is larger than latencyMs"));
        }
        CallStatus status = in.getStatus();
        if (status != null) {
            if (!STATUS_CODES.contains(status.getCode())) {
                errors.add(new ItemError("status.code", "must be ok or error, got '" + status.getCode() + "'"));
            }
            if (status.getHttpStatus() != null && (status.getHttpStatus() < 100 || status.getHttpStatus() > 599)) {
                errors.add(new ItemError("status.httpStatus", "must be an HTTP status in [100, 599]"));
            }
        }
    }

    /** With an API key the tenant is the key's, whatever the payload claims (and the client is told). */
    static void imposeTenant(ObjectNode json, String tenantFromKey, List<String> warnings) {
        if (tenantFromKey != null) {
            JsonNode given = json.get("tenant");
            if (given != null && given.isTextual() && !given.textValue().equals(tenantFromKey)) {
                warnings.add(tenantReplaced(given.textValue(), tenantFromKey));
            }
            json.put("tenant", tenantFromKey);
        }
    }

    /** The warning for an item whose tenant the API key's replaced (the same on the tree and the streaming path). */
    private static String tenantReplaced(String given, String tenantFromKey) {
        return "tenant '" + given + "' replaced by the API key's tenant '" + tenantFromKey + "'";
    }

    static void checkId(String id, String path, List<ItemError> errors) {
        if (id.length() > MAX_ID_CHARS || id.chars().anyMatch(Character::isISOControl)) {
            errors.add(new ItemError(path, "must be at most " + MAX_ID_CHARS + " printable characters"));
        }
    }

    static void checkTimestamp(Instant timestamp, Instant now, ItemLimits settings, List<ItemError> errors) {
        if (timestamp.isAfter(now.plus(settings.maxFutureSkew()))) {
            errors.add(new ItemError("timestamp", "is " + timestamp + ", more than "
                    + settings.maxFutureSkew() + " ahead of the server clock (" + now + ")"));
        }
        if (timestamp.isBefore(now.minus(settings.maxAge()))) {
            errors.add(new ItemError("timestamp", "is " + timestamp + ", older than the accepted "
                    + settings.maxAge() + " (ingest.max-age)"));
        }
    }

    /** Replaces a raw id by its salted hash; the raw value never reaches a topic. */
    static void hashRawId(ObjectNode json, String rawField, String hashField, String salt, List<ItemError> errors) {
        JsonNode raw = json.remove(rawField);
        if (raw == null || raw.isNull()) {
            return;
        }
        if (!raw.isTextual()) {
            errors.add(new ItemError(rawField, "expected a string"));
        } else if (json.hasNonNull(hashField)) {
            errors.add(new ItemError(rawField, "give " + rawField + " or " + hashField + ", not both"));
        } else {
            json.put(hashField, hash(salt, raw.textValue()));
        }
    }

    /** Salted SHA-256, first 32 hex chars: stable per salt, so sessions and users still group. */
    static String hash(String salt, String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void notBlank(String value, String path, List<ItemError> errors) {
        if (value.isBlank()) {
            errors.add(new ItemError(path, "must not be blank"));
        }
    }

    private static void nonNegative(Long value, String path, List<ItemError> errors) {
        if (value != null && value < 0) {
            errors.add(new ItemError(path, "must not be negative, got " + value));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
