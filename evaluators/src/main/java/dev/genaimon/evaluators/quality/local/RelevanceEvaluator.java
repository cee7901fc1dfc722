package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.List;

/**
 * Relevance: does the answer address the question? MiniLM cosine of question and answer, read with the question
 * (so a bare "1921" for "When was X founded?" is judged as its answer), mapped from [0.1, 0.6] to [0, 1].
 *
 * <p>Score in [0, 1], higher = more on topic; passes at {@code relevance.threshold} (default 0.5). An empty question
 * or answer is an error result.
 */
final class RelevanceEvaluator implements Evaluator {

    private final SentenceEmbedder embedder;
    private final double threshold;

    RelevanceEvaluator(SentenceEmbedder embedder, double threshold) {
        this.embedder = embedder;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "relevance";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        return evaluateAll(List.of(input)).get(0);
    }

    @Override
    public List<EvaluationScore> evaluateAll(List<EvaluationInput> inputs) {
        return EmbeddedBatch.evaluate(this, embedder, inputs, RelevanceEvaluator::error, in -> {
            String q = Texts.clip(in.question());
            String a = Texts.clip(in.answer());
            return List.of(q, a, q + " " + a);
        }, this::score);
    }

    private EvaluationScore score(EvaluationInput in, List<float[]> v) {
        double direct = SentenceEmbedder.cosine(v.get(0), v.get(1));
        // the answer read with its question stays close to the question when it answers it
        double joint = SentenceEmbedder.cosine(v.get(0), v.get(2));
        double cos = Math.max(direct, 0.5 * (direct + joint));
        double score = GroundednessEvaluator.clamp((cos - 0.1) / 0.5);
        String mismatch = typeMismatch(in.question(), in.answer());
        if (mismatch != null) {
            score *= 0.6;
        }
        return EvaluationScore.of(this, score, score >= threshold,
                String.format("question-answer cosine %.2f (read with the question %.2f)", direct, joint)
                        + (mismatch == null ? "" : "; " + mismatch));
    }

    private static final java.util.regex.Pattern ASKS_NUMBER = java.util.regex.Pattern.compile(
            "\\b(?:how\\s+(?:many|much|old|long|tall|far|large|big)|what\\s+(?:year|date|number|percentage)|which\\s+year"
                    + "|^\\s*when|population)\\b");
    private static final java.util.regex.Pattern ASKS_PERSON = java.util.regex.Pattern.compile("^\\s*(?:who|whom|whose)\\b");

    /**
     * A short answer of the wrong kind — no number or date for "how many"/"when", no name for "who" — is not an
     * answer to the question however close the words are. Only short answers (up to 8 words) are checked: a longer
     * answer can explain instead of stating the value.
     */
    static String typeMismatch(String question, String answer) {
        if (Texts.words(answer).size() > 8) {
            return null;
        }
        String q = question.toLowerCase(java.util.Locale.ROOT);
        List<Entities.Entity> entities = Entities.of(answer);
        if (ASKS_NUMBER.matcher(q).find()
                && entities.stream().noneMatch(e -> e.kind().equals("number") || e.kind().equals("date"))) {
            return "the question asks for a number or date, the answer has none";
        }
        if (ASKS_PERSON.matcher(q).find() && entities.stream().noneMatch(e -> e.kind().equals("name"))) {
            return "the question asks who, the answer names no one";
        }
        return null;
    }

    private static String error(EvaluationInput in) {
        if (in.question().isBlank()) {
            return "no question: relevance needs the question";
        }
        if (in.answer().isBlank()) {
            return "empty answer: nothing to judge";
        }
        return null;
    }
}
