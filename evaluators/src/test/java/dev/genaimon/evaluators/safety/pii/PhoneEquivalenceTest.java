package dev.genaimon.evaluators.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.genaimon.evaluators.safety.Corpora;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fast phone recognizer finds exactly what the straightforward one (every region over every digit cluster,
 * {@link PhoneReference}) finds, on the shared corpora and on hand-made edge cases.
 */
class PhoneEquivalenceTest {

    private final PhoneRecognizer fast = new PhoneRecognizer(PhoneRecognizer.DEFAULT_REGIONS, Leniency.POSSIBLE);
    private final PhoneReference reference = new PhoneReference(PhoneRecognizer.DEFAULT_REGIONS, Leniency.POSSIBLE);

    @Test
    void shouldUseLibphonenumbersOwnCandidatePattern() throws Exception {
        Field f = Class.forName("com.google.i18n.phonenumbers.PhoneNumberMatcher").getDeclaredField("PATTERN");
        f.setAccessible(true);
        Pattern theirs = (Pattern) f.get(null);
        assertThat(PhoneRecognizer.CANDIDATE.pattern()).isEqualTo(theirs.pattern());
        assertThat(PhoneRecognizer.CANDIDATE.flags()).isEqualTo(theirs.flags());
        Field g = Class.forName("com.google.i18n.phonenumbers.PhoneNumberUtil").getDeclaredField("SECOND_NUMBER_START_PATTERN");
        g.setAccessible(true);
        assertThat(PhoneRecognizer.SECOND_NUMBER_START.pattern()).isEqualTo(((Pattern) g.get(null)).pattern());
    }

    @Test
    void shouldMatchReferenceOnEdgeCases() {
        List<String> texts = List.of(
                "Call me at +1 (425) 555-0100 or 020 7946 0958, ext. 12.",
                "tel: 030 12345678 / x 55, fax 030-1234567",
                "Meeting 2024-03-05 10:30 in room 12, phone 0176 1234 5678",
                "ids 12345678901234567890123 and 1234 5678 9012 3456",
                "call (555) 123-4567 x123 or 555.123.4567#",
                "whatsapp +44 7700 900123; +49 (0) 30 1234567; 06 12 34 56 78",
                "12/05/2023 and 3/4/21 and 2023-05-12 14:30:00",
                "numbers: 1 2 3 4 5 6 7 8 9 0 1 2 3");
        for (String t : texts) {
            assertThat(run(fast, t)).as(t).isEqualTo(run(reference, t));
        }
    }

    @Test
    void shouldMatchReferenceOnCorpora() {
        var root = Corpora.require("pii/pii_dev.jsonl").getParent().getParent();
        List<String> texts = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(root.resolve("pii/pii_dev.jsonl"))) {
            texts.add(r.get("text").asText());
        }
        for (JsonNode r : Corpora.readJsonl(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"))) {
            texts.add(r.path("prompt").asText(""));
            texts.add(r.path("response").asText(""));
        }
        for (JsonNode r : Corpora.readJsonl(root.resolve("prompt_attacks/prompts_dev.jsonl"))) {
            texts.add(r.get("text").asText());
        }
        int phones = 0;
        for (String t : texts) {
            List<PiiEntity> expected = run(reference, t);
            phones += expected.size();
            assertThat(run(fast, t)).as(t).isEqualTo(expected);
        }
        assertThat(phones).as("phone numbers found in the corpora").isGreaterThan(100);
    }

    private static List<PiiEntity> run(Recognizer r, String text) {
        List<PiiEntity> out = new ArrayList<>();
        r.find(text, out);
        return out;
    }
}
