package dev.genaimon.schemas.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.json.AvroJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one JSON item of {@code POST /v1/feedback} into a {@link Feedback}: fills what ingest owns (feedbackId when
 * absent, timestamp, receivedAt, tenant from the API key, hashed userId) like {@link InteractionValidator}, and
 * checks what the schema cannot say: the interaction it is about, thumbs up|down, a score in [-1, 1] (as OTel
 * {@code gen_ai.evaluation.user_feedback}), and that the feedback says something at all.
 */
public final class FeedbackValidator {

    static final Set<String> THUMBS = Set.of("up", "down");
    static final int MAX_LABELS = 64;
    static final int MAX_LABEL_CHARS = 128;

    private final ItemLimits settings;
    private final Clock clock;

    public FeedbackValidator(ItemLimits settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param item          one JSON object of the request
     * @param tenantFromKey the authenticated tenant, or null in dev mode
     */
    public Validated<Feedback> validate(JsonNode item, String tenantFromKey) {
        List<String> warnings = new ArrayList<>();
        List<ItemError> errors = new ArrayList<>();
        // completed in place (ids, times, hashed user ids): the request's own tree, never read again by the caller
        // except for a dead letter, which is then the completed item without raw user ids
        ObjectNode json = (ObjectNode) item;
        Instant now = clock.instant();

        JsonNode id = json.get("feedbackId");
        if (id == null || id.isNull() || (id.isTextual() && id.textValue().isBlank())) {
            json.put("feedbackId", UUID.randomUUID().toString());
        }
        JsonNode interactionId = json.get("interactionId");
        if (interactionId == null || interactionId.isNull()
                || (interactionId.isTextual() && interactionId.textValue().isBlank())) {
            // without it the feedback cannot be joined to anything
            errors.add(new ItemError("interactionId", "is required: the id of the interaction this feedback is about"));
            return new Validated<>(null, errors, warnings);
        }
        if (!json.hasNonNull("timestamp")) {
            json.put("timestamp", now.toString());
        }
        InteractionValidator.hashRawId(json, "userId", "userIdHash", settings.idHashSalt(), errors);
        InteractionValidator.imposeTenant(json, tenantFromKey, warnings);
        json.put("receivedAt", now.toString());

        AvroJson.Parsed<Feedback> parsed = AvroJson.fromJson(json, Feedback.class, settings.maxStringChars());
        parsed.errors().forEach(e -> errors.add(new ItemError(e.path(), e.message())));
        parsed.ignoredFields().forEach(f -> warnings.add("unknown field '" + f + "' ignored"));
        if (parsed.valid() && errors.isEmpty()) {
            check(parsed.record(), now, errors);
        }
        return new Validated<>(errors.isEmpty() ? parsed.record() : null, errors, warnings);
    }

    private void check(Feedback in, Instant now, List<ItemError> errors) {
        InteractionValidator.checkId(in.getFeedbackId(), "feedbackId", errors);
        InteractionValidator.checkId(in.getInteractionId(), "interactionId", errors);
        InteractionValidator.checkTimestamp(in.getTimestamp(), now, settings, errors);
        if (in.getTenant().isBlank()) {
            errors.add(new ItemError("tenant", "must not be blank"));
        }
        if (in.getThumbs() != null && !THUMBS.contains(in.getThumbs())) {
            errors.add(new ItemError("thumbs", "must be up or down, got '" + in.getThumbs() + "'"));
        }
        Double score = in.getScore();
        if (score != null && !(score >= -1 && score <= 1)) {
            errors.add(new ItemError("score", "must be in [-1, 1] (-1 worst, 1 best), got " + score));
        }
        List<String> labels = in.getLabels();
        if (labels != null) {
            if (labels.size() > MAX_LABELS) {
                errors.add(new ItemError("labels", labels.size() + " labels exceed the limit of " + MAX_LABELS));
            }
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                if (label.isBlank() || label.length() > MAX_LABEL_CHARS) {
                    errors.add(new ItemError("labels[" + i + "]", "must be 1 to " + MAX_LABEL_CHARS + " characters"));
                }
            }
        }
        boolean saysSomething = in.getThumbs() != null || score != null || hasText(in.getComment())
                || hasText(in.getCorrectedAnswer()) || (labels != null && !labels.isEmpty());
        if (!saysSomething) {
            errors.add(new ItemError("$", "feedback needs at least one of thumbs, score, comment, correctedAnswer,"
                    + " labels"));
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
