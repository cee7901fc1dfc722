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
                "numbers: 1 2 3 4 5 6 7 8 9 0 1 2 3",
                // region gate: short national numbers, international prefixes, "+" forms, letters, other digits
                "phone 01 23 45 67 and fax 0033 1 23 45 67 89, call 00 33 12 34 56",
                "tel \uff0b33 1 23 45 67 89 or \uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
                "call 1-800-FLOWERS or 1-800-356-9377 now; dial 12-34-56-78 or 9876543",
                "IP 192.168.10.1 and 2020-01-01, version 10.0.35.11, 0.995773256 9/30/2023",
                "phone 351 912 345 678, 34 612 345 678, 0011 61 2 9876 5432, 011 44 20 7946 0958",
                "mobile 90 12 34567890 and 0 21 98765 4321; 972-3-123-4567; 27 21 123 4567",
                "Order #12345678 shipped 12.03.2024, total $1,234,567.89 (ref 00123-4567)");
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

    /**
     * The region gate is sound: whenever it skips a region for a window, libphonenumber finds nothing there at all
     * (every window of the corpora, the edge cases above and seeded random digit-heavy texts).
     */
    @Test
    void shouldSkipARegionOnlyWhenLibphonenumberFindsNothingThere() {
        var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        List<PhoneRecognizer.RegionGate> gates = PhoneRecognizer.DEFAULT_REGIONS.stream()
                .map(r -> PhoneRecognizer.RegionGate.of(util, r)).toList();
        List<String> texts = new ArrayList<>(List.of("2020-01-01", "phone 01 23 45 67", "0.99577325 9/30/2023",
                "fax 0033 1 23 45 67", "tel \uff0b33 12 34 56", "10.0.35.11:854"));
        for (JsonNode r : Corpora.readJsonl(Corpora.require("pii/pii_dev.jsonl"))) {
            texts.add(r.get("text").asText());
        }
        java.util.Random rnd = new java.util.Random(42);
        String[] seps = {" ", "-", ".", "/", "", " (0) ", "+", "00", "x", " ext. ", ":", "\u2013", "\uff10"};
        for (int t = 0; t < 3000; t++) {
            StringBuilder sb = new StringBuilder(rnd.nextInt(4) == 0 ? "call " : "");
            for (int g = 0, n = 1 + rnd.nextInt(5); g < n; g++) {
                sb.append(seps[rnd.nextInt(seps.length)]);
                for (int d = 0, len = 1 + rnd.nextInt(5); d < len; d++) {
                    sb.append((char) ('0' + rnd.nextInt(10)));
                }
            }
            texts.add(sb.append(rnd.nextBoolean() ? " and" : "").toString());
        }
        int skipped = 0;
        for (String text : texts) {
            int[] w = PhoneRecognizer.candidateWindows(text);
            for (int k = 0; k < w.length; k += 2) {
                String window = text.substring(w[k], w[k + 1]);
                PhoneRecognizer.WindowFacts facts = PhoneRecognizer.WindowFacts.of(text, w[k], w[k + 1]);
                for (PhoneRecognizer.RegionGate gate : gates) {
                    if (PhoneRecognizer.cannotMatch(gate, facts)) {
                        skipped++;
                        assertThat(util.findNumbers(window, gate.region(), Leniency.POSSIBLE, Long.MAX_VALUE))
                                .as(gate.region() + " " + window).isEmpty();
                    }
                }
            }
        }
        assertThat(skipped).as("region calls the gate skipped").isGreaterThan(200);
        assertThat(PhoneRecognizer.cannotMatch(gates.get(PhoneRecognizer.DEFAULT_REGIONS.indexOf("FR")),
                PhoneRecognizer.WindowFacts.of("2021-12-31", 0, 10))).as("8 digits, no \"00\"").isTrue();
        assertThat(PhoneRecognizer.cannotMatch(gates.get(PhoneRecognizer.DEFAULT_REGIONS.indexOf("FR")),
                PhoneRecognizer.WindowFacts.of("00 1 2345678", 0, 12))).as("international prefix").isFalse();
    }

    @Test
    void shouldFindPhoneContextExactlyWhereTheRegexDoes() {
        Pattern context = Pattern.compile(
                "(?i)\\b(?:phone|tel|telephone|mobile|cell|fax|office|desk|call|calling|text me|whatsapp|contact|reach|dial)");
        List<String> texts = new ArrayList<>(List.of("", "Tel", "hotel", "xTEL", "_call", "über-call", "Call",
                "TEXT ME", "text  me", "\u212Aall", "oFFICE 2", "re-dial", "reac", "phon", "9fax", "cafe\u0301 call",
                "no cue words here at all"));
        java.util.Random rnd = new java.util.Random(7);
        String[] parts = {" ", "tel", "TEL", "a", "x", "_", "-", "call", "\u00e9", "phone", "Me", "text", "9", "\u0301"};
        for (int t = 0; t < 5000; t++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0, n = rnd.nextInt(8); k < n; k++) {
                sb.append(parts[rnd.nextInt(parts.length)]);
            }
            texts.add(sb.toString());
        }
        for (String t : texts) {
            assertThat(PhoneRecognizer.hasContext(t)).as(t).isEqualTo(context.matcher(t).find());
        }
    }

    private static List<PiiEntity> run(Recognizer r, String text) {
        List<PiiEntity> out = new ArrayList<>();
        r.find(text, out);
        return out;
    }
}
