package dev.genaimon.evaluators.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Measures the PII detector on the span-labelled Presidio synthetic set.
 *
 * <p>Span match rule: a prediction matches a gold span when the types agree and the overlap covers at least
 * 50% of the gold span. Each gold span and each prediction is matched at most once. Types the detector does not
 * produce (GPE, ORGANIZATION, DATE_TIME, ...) are ignored on both sides; predictions of a type with no gold label
 * in this corpus (secrets, URL credentials) are not counted as false positives because the corpus never labels them.
 */
class PiiCorpusTest {

    private static final Set<String> STRUCTURED = Set.of(PiiTypes.EMAIL_ADDRESS, PiiTypes.PHONE_NUMBER,
            PiiTypes.CREDIT_CARD, PiiTypes.IBAN_CODE, PiiTypes.US_SSN, PiiTypes.IP_ADDRESS);
    private static final Set<String> HEURISTIC = Set.of(PiiTypes.PERSON, PiiTypes.STREET_ADDRESS);

    record Counts(int tp, int fp, int fn) {
        double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        Counts plus(Counts o) {
            return new Counts(tp + o.tp, fp + o.fp, fn + o.fn);
        }
    }

    @Test
    void shouldReachRecallAndPrecisionTargetsOnStructuredTypes() {
        List<JsonNode> rows = Corpora.readJsonl(Corpora.require("pii/pii_dev.jsonl"));
        PiiDetector detector = PiiDetector.createDefault();
        Map<String, int[]> counts = new TreeMap<>();
        for (JsonNode row : rows) {
            String text = row.get("text").asText();
            List<PiiEntity> predicted = new ArrayList<>(detector.detect(text));
            predicted.removeIf(p -> !STRUCTURED.contains(p.type()) && !HEURISTIC.contains(p.type()));
            boolean[] used = new boolean[predicted.size()];
            for (JsonNode span : row.get("spans")) {
                String type = span.get("entity_type").asText();
                if (!STRUCTURED.contains(type) && !HEURISTIC.contains(type)) {
                    continue;
                }
                int gs = span.get("start").asInt();
                int ge = span.get("end").asInt();
                int[] c = counts.computeIfAbsent(type, t -> new int[3]);
                boolean hit = false;
                for (int i = 0; i < predicted.size() && !hit; i++) {
                    PiiEntity p = predicted.get(i);
                    int overlap = Math.min(ge, p.end()) - Math.max(gs, p.start());
                    if (!used[i] && p.type().equals(type) && overlap * 2 >= ge - gs) {
                        used[i] = true;
                        hit = true;
                    }
                }
                if (hit) {
                    c[0]++;
                } else {
                    c[2]++;
                    if (System.getProperty("pii.debug") != null) {
                        System.out.println("MISS " + type + " " + span.get("value") + " | " + text.replace("\n", "\\n"));
                    }
                }
            }
            for (int i = 0; i < predicted.size(); i++) {
                if (!used[i]) {
                    counts.computeIfAbsent(predicted.get(i).type(), t -> new int[3])[1]++;
                    if (System.getProperty("pii.debug") != null) {
                        PiiEntity p = predicted.get(i);
                        System.out.println("FP " + p.type() + " '" + text.substring(p.start(), p.end()) + "' | "
                                + text.replace("\n", "\\n"));
                    }
                }
            }
        }
        Counts structured = new Counts(0, 0, 0);
        System.out.println("PII on pii_dev.jsonl (" + rows.size() + " sentences; match = same type, overlap >= 50% of gold)");
        for (var e : counts.entrySet()) {
            Counts c = new Counts(e.getValue()[0], e.getValue()[1], e.getValue()[2]);
            System.out.printf("  %-15s tp=%4d fp=%4d fn=%4d precision=%.3f recall=%.3f%n",
                    e.getKey(), c.tp, c.fp, c.fn, c.precision(), c.recall());
            if (STRUCTURED.contains(e.getKey())) {
                structured = structured.plus(c);
            }
        }
        System.out.printf("  STRUCTURED      tp=%4d fp=%4d fn=%4d precision=%.3f recall=%.3f%n",
                structured.tp, structured.fp, structured.fn, structured.precision(), structured.recall());

        assertThat(structured.recall()).as("structured recall").isGreaterThanOrEqualTo(0.95);
        assertThat(structured.precision()).as("structured precision").isGreaterThanOrEqualTo(0.90);
    }
}
