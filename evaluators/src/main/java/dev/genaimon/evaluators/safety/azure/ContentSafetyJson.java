package dev.genaimon.evaluators.safety.azure;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.genaimon.evaluators.safety.harm.HarmCategory;
import dev.genaimon.evaluators.safety.harm.HarmResult;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code "azure"} field of a {@code genaimon safety scan} output line:
 * {@code {"status": "ok", "harm": {"hate": 0|2|4|6, ...}, "attack": {"detected": bool}, "context_attacks": [bool]}}
 * (fields present when analysed), or {@code {"status": "skipped"|"unavailable", "reason": "..."}}.
 */
public final class ContentSafetyJson {

    private ContentSafetyJson() {
    }

    /** Inspects one scan line: a prompt (text analysis + Prompt Shields) or a response (text analysis). */
    public static ContentSafetyResult inspect(ContentSafetyDetector detector, String text, boolean response,
                                              List<String> context) {
        return response ? detector.inspect("", text, context) : detector.inspect(text, "", context);
    }

    /** Writes {@code "azure": {...}} into the open object of {@code g}. */
    public static void write(JsonGenerator g, ContentSafetyResult result) throws IOException {
        g.writeObjectFieldStart("azure");
        g.writeStringField("status", result.status().name().toLowerCase(Locale.ROOT));
        if (!result.ok()) {
            g.writeStringField("reason", result.reason());
        }
        HarmResult harm = result.maxHarm();
        if (harm != null) {
            g.writeObjectFieldStart("harm");
            for (HarmCategory c : HarmCategory.values()) {
                g.writeNumberField(c.jsonName(), harm.severity(c));
            }
            g.writeEndObject();
        }
        if (result.promptAttack() != null) {
            g.writeObjectFieldStart("attack");
            g.writeBooleanField("detected", result.promptAttack());
            g.writeEndObject();
        }
        if (!result.documentAttacks().isEmpty()) {
            g.writeArrayFieldStart("context_attacks");
            for (Boolean attack : result.documentAttacks()) {
                g.writeBoolean(attack);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
