package dev.genaimon.alerting.silence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.alerting.route.LabelMatcher;
import dev.genaimon.schemas.avro.Silence;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the JSON body of {@code POST /api/v1/silences} into a {@link Silence}, or every problem with the field it is
 * about. Body (Alertmanager's shape): {@code {"matchers": ["severity=\"warning\""] or [{"name","value","isRegex",
 * "isEqual"}], "startsAt": ISO-8601 (default now), "endsAt": ISO-8601 or "duration": "2h", "createdBy", "comment"}}.
 */
public final class SilenceRequests {

    /** The longest silence accepted: silences are for maintenance and incidents, not for switching alerts off. */
    public static final Duration MAX_LENGTH = Duration.ofDays(90);

    private static final Set<String> FIELDS = Set.of("id", "matchers", "startsAt", "endsAt", "duration", "createdBy",
            "comment");

    /** The silence, or the problems (each names its field). */
    public record Result(Silence silence, List<String> errors) {
    }

    private SilenceRequests() {
    }

    public static Result parse(JsonNode body, Instant now) {
        List<String> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Result(null, List.of("body: expected a JSON object"));
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(f + ": unknown field (allowed: " + FIELDS.stream().sorted().toList() + ")");
            }
        });
        List<dev.genaimon.schemas.avro.LabelMatcher> matchers = new ArrayList<>();
        JsonNode list = body.get("matchers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            errors.add("matchers: required, a non-empty array of matchers such as \"severity=\\\"warning\\\"\"");
        } else {
            for (int i = 0; i < list.size(); i++) {
                try {
                    LabelMatcher m = matcher(list.get(i));
                    matchers.add(new dev.genaimon.schemas.avro.LabelMatcher(m.name(), m.op(), m.value()));
                } catch (IllegalArgumentException e) {
                    errors.add("matchers[" + i + "]: " + e.getMessage());
                }
            }
            if (!matchers.isEmpty() && matchers.stream().allMatch(m -> matchesEmpty(m))) {
                errors.add("matchers: at least one matcher must not match the empty string (it would silence"
                        + " every alert)");
            }
        }
        Instant startsAt = instant(body, "startsAt", errors);
        if (startsAt == null) {
            startsAt = now;
        }
        Instant endsAt = instant(body, "endsAt", errors);
        JsonNode duration = body.get("duration");
        if (endsAt != null && duration != null) {
            errors.add("duration: give either endsAt or duration, not both");
        } else if (duration != null) {
            try {
                endsAt = startsAt.plus(parseDuration(duration.asText()));
            } catch (IllegalArgumentException e) {
                errors.add("duration: " + e.getMessage());
            }
        } else if (endsAt == null && !body.has("endsAt")) {
            errors.add("endsAt: required (or duration, e.g. \"2h\")");
        }
        if (endsAt != null) {
            if (!endsAt.isAfter(startsAt)) {
                errors.add("endsAt: must be after startsAt (" + startsAt + ")");
            } else if (!endsAt.isAfter(now)) {
                errors.add("endsAt: must be in the future");
            } else if (Duration.between(startsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
                errors.add("endsAt: a silence may last at most " + MAX_LENGTH.toDays() + " days");
            }
        }
        String createdBy = text(body, "createdBy", errors);
        String comment = text(body, "comment", errors);
        String id = body.hasNonNull("id") ? body.get("id").asText() : UUID.randomUUID().toString();
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            errors.add("id: 1 to 100 characters of A-Z a-z 0-9 . _ -");
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(Silence.newBuilder().setId(id).setMatchers(matchers).setStartsAt(startsAt)
                .setEndsAt(endsAt).setCreatedBy(createdBy).setComment(comment).setCreatedAt(now).build(), List.of());
    }

    /** The expired copy of a silence: endsAt = now (or its own start, when it had not started), who and when. */
    public static Silence expire(Silence silence, String by, Instant now) {
        Instant ends = now.isBefore(silence.getStartsAt()) ? silence.getStartsAt() : now;
        return Silence.newBuilder(silence).setEndsAt(ends.isBefore(silence.getEndsAt()) ? ends : silence.getEndsAt())
                .setExpiredBy(by).setExpiredAt(now).build();
    }

    private static boolean matchesEmpty(dev.genaimon.schemas.avro.LabelMatcher m) {
        return new LabelMatcher(m.getName(), m.getOp(), m.getValue()).matches(java.util.Map.of());
    }

    private static LabelMatcher matcher(JsonNode node) {
        if (node.isTextual()) {
            return LabelMatcher.parse(node.asText());
        }
        if (node.isObject() && node.hasNonNull("name") && node.has("value")) {
            boolean regex = node.path("isRegex").asBoolean(false);
            boolean equal = node.path("isEqual").asBoolean(true);
            String op = regex ? (equal ? "=~" : "!~") : (equal ? "=" : "!=");
            return new LabelMatcher(node.get("name").asText(), op, node.get("value").asText());
        }
        throw new IllegalArgumentException("expected a string like severity=\"warning\" or an object with name,"
                + " value, isRegex, isEqual");
    }

    private static Instant instant(JsonNode body, String field, List<String> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            errors.add(field + ": expected an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '" + node.asText()
                    + "'");
            return null;
        }
    }

    private static String text(JsonNode body, String field, List<String> errors) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            errors.add(field + ": required, a non-empty string (silences are audited: who and why)");
            return "";
        }
        if (node.asText().length() > 1000) {
            errors.add(field + ": at most 1000 characters");
        }
        return node.asText();
    }

    static Duration parseDuration(String text) {
        Duration d = dev.genaimon.alerting.rules.DurationText.parse(text);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }
}
