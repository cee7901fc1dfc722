package dev.genaimon.evaluators.quality.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.safety.Corpora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Labelled inputs from the shared corpora: HaluEval QA and SummEdits (groundedness), HaluEval on/off topic. */
final class QualityData {

    /** An input and whether it is grounded / relevant (the positive class for the evaluator's score). */
    record Labelled(EvaluationInput input, boolean positive) {
    }

    private QualityData() {
    }

    static List<Labelled> haluEval(Path file) {
        List<Labelled> out = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(file)) {
            out.add(new Labelled(new EvaluationInput(r.path("id").asText(), null, r.path("question").asText(),
                    r.path("answer").asText(), List.of(r.path("knowledge").asText()), null),
                    !r.path("is_hallucinated").asBoolean()));
        }
        return out;
    }

    static List<Labelled> summEdits(Path file) {
        List<Labelled> out = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(file)) {
            out.add(new Labelled(new EvaluationInput(r.path("id").asText(), null, "", r.path("summary").asText(),
                    List.of(r.path("doc").asText()), null), r.path("is_consistent").asBoolean()));
        }
        return out;
    }

    /**
     * Relevance pairs from HaluEval's right answers: each question with its own answer (on topic) and with the
     * right answer of another question drawn with a fixed seed (off topic).
     */
    static List<Labelled> onOffTopic(Path file, long seed) {
        List<JsonNode> right = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(file)) {
            if (!r.path("is_hallucinated").asBoolean()) {
                right.add(r);
            }
        }
        Random random = new Random(seed);
        List<Labelled> out = new ArrayList<>();
        for (int i = 0; i < right.size(); i++) {
            JsonNode r = right.get(i);
            int j = (i + 1 + random.nextInt(right.size() - 1)) % right.size();
            JsonNode other = right.get(j);
            String context = r.path("knowledge").asText();
            out.add(new Labelled(new EvaluationInput(r.path("id").asText() + "-own", null, r.path("question").asText(),
                    r.path("answer").asText(), List.of(context), r.path("answer").asText()), true));
            out.add(new Labelled(new EvaluationInput(r.path("id").asText() + "-shuffled", null,
                    r.path("question").asText(), other.path("answer").asText(), List.of(context),
                    r.path("answer").asText()), false));
        }
        return out;
    }

    /** Every {@code step}-th row, so a test covers the whole file's spread in a fraction of the time. */
    static List<Labelled> sample(List<Labelled> rows, int step) {
        List<Labelled> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += step) {
            out.add(rows.get(i));
        }
        return out;
    }
}
