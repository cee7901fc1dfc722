package dev.genaimon.evaluators.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The speed-ups that replace a regex scan keep its output: patterns tried only at the starts of digit runs
 * ({@link TextShape.At}) give the matches {@code find()} gives, and the hand-written name matcher of
 * {@link PersonRecognizer} ends where {@code CAPITALISED} ends, at every position, on the shared corpora (when
 * present) and on random texts built from the characters these patterns care about.
 */
class HandMatcherEquivalenceTest {

    private static final String[] PIECES = {" ", "  ", "\t", "\n", "-", ".", "..", "'", "’", "/", ":", ",", "+",
        "A", "B", "I", "II", "III", "IV", "Jr", "Jr.", "Sr", "Ann", "ANN", "van", "O'Neil", "Mary-Jane", "É", "Émile",
        "ß", "Ünal", "\uD835\uDC00", "x", "ab", "GB", "DE", "0", "1", "12", "123", "4111", "078-05-1120", "192.168.",
        "Street", "St", "Road", "Ave", "Suite", "Apt", "12 Baker Street", "١٢", "０１", "Ⅻ"};

    @Test
    void digitRunStartsGiveTheMatchesOfFind() {
        List<Pattern> patterns = List.of(StructuredRecognizer.CARD_RE, StructuredRecognizer.SSN_RE,
                StructuredRecognizer.IPV4_RE, AddressRecognizer.US_STYLE_RE);
        int matches = 0;
        for (String text : texts()) {
            TextShape shape = TextShape.of(text);
            for (Pattern p : patterns) {
                List<String> expected = spans(p.matcher(text));
                TextShape.At at = new TextShape.At(p, text, shape.runStarts, shape.runCount);
                List<String> actual = new ArrayList<>();
                while (at.find()) {
                    actual.add(at.matcher().start() + "-" + at.matcher().end());
                }
                assertThat(actual).as("%s in %s", p, text).isEqualTo(expected);
                matches += expected.size();
            }
        }
        assertThat(matches).as("the texts exercise the patterns").isGreaterThan(100);
    }

    @Test
    void handNameMatcherEndsWhereTheRegexEnds() {
        int names = 0;
        for (String text : texts()) {
            Matcher m = PersonRecognizer.CAPITALISED.matcher(text);
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            for (int i = 0; i < text.length(); i++) {
                m.region(i, text.length());
                boolean regex = m.lookingAt();
                int token = PersonRecognizer.tokenEnd(text, i);
                assertThat(token >= 0).as("match at %d in %s", i, text).isEqualTo(regex);
                if (regex) {
                    assertThat(PersonRecognizer.nameEnd(text, token)).as("end at %d in %s", i, text).isEqualTo(m.end());
                    names++;
                }
            }
        }
        assertThat(names).isGreaterThan(1000);
    }

    @Test
    void textShapeCountsAsTheOldGuardsDid() {
        for (String text : texts()) {
            TextShape s = TextShape.of(text);
            assertThat(s.hasAt).isEqualTo(text.indexOf('@') >= 0);
            assertThat(s.hasDot).isEqualTo(text.indexOf('.') >= 0);
            assertThat(s.hasDoubleColon).isEqualTo(text.contains("::"));
            assertThat(s.colons).isEqualTo((int) text.chars().filter(c -> c == ':').count());
            assertThat(s.digits).isEqualTo((int) text.chars().filter(c -> c >= '0' && c <= '9').count());
            assertThat(s.digitRun7).as(text).isEqualTo(Pattern.compile("\\d(?:[^0-9]{0,3}\\d){6}").matcher(text).find());
        }
    }

    private static List<String> spans(Matcher m) {
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.start() + "-" + m.end());
        }
        return out;
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < 1500; t++) {
            sb.setLength(0);
            int parts = 3 + rnd.nextInt(40);
            for (int p = 0; p < parts; p++) {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
            texts.add(sb.toString());
        }
        Corpora.root().ifPresent(root -> {
            for (JsonNode r : Corpora.readJsonl(root.resolve("pii/pii_dev.jsonl"))) {
                texts.add(r.get("text").asText());
            }
            List<JsonNode> arena = Corpora.readJsonl(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"));
            for (JsonNode r : arena.subList(0, Math.min(120, arena.size()))) {
                texts.add(r.path("response").asText(""));
            }
        });
        return texts;
    }
}
