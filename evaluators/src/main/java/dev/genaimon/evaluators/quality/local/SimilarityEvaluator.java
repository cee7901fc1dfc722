package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Similarity to the ground-truth answer: the mean of three components, each in [0, 1] and each reported in the
 * explanation — MiniLM cosine (negative clipped to 0), token F1 (SQuAD-style, lower-cased words) and ROUGE-L F1
 * (longest common word subsequence).
 *
 * <p>Score in [0, 1], higher = closer to the ground truth; passes at {@code similarity.threshold} (default 0.5).
 * No ground truth (or an empty answer) is an error result.
 */
final class SimilarityEvaluator implements Evaluator {

    private final SentenceEmbedder embedder;
    private final double threshold;

    SimilarityEvaluator(SentenceEmbedder embedder, double threshold) {
        this.embedder = embedder;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "similarity";
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
        return EmbeddedBatch.evaluate(this, embedder, inputs, SimilarityEvaluator::error,
                in -> List.of(Texts.clip(in.answer()), Texts.clip(in.groundTruth())), this::score);
    }

    private EvaluationScore score(EvaluationInput in, List<float[]> v) {
        double cosine = Math.max(0, SentenceEmbedder.cosine(v.get(0), v.get(1)));
        List<String> a = Texts.words(in.answer());
        List<String> g = Texts.words(in.groundTruth());
        double f1 = tokenF1(a, g);
        double rouge = rougeL(a, g);
        double score = (cosine + f1 + rouge) / 3;
        return EvaluationScore.of(this, score, score >= threshold,
                String.format("cosine %.2f, token F1 %.2f, ROUGE-L %.2f", cosine, f1, rouge));
    }

    private static String error(EvaluationInput in) {
        if (in.groundTruth() == null || in.groundTruth().isBlank()) {
            return "no ground truth: similarity needs the expected answer";
        }
        if (in.answer().isBlank()) {
            return "empty answer: nothing to judge";
        }
        return null;
    }

    /** Harmonic mean of word precision and recall (multiset overlap). */
    static double tokenF1(List<String> answer, List<String> truth) {
        if (answer.isEmpty() || truth.isEmpty()) {
            return answer.isEmpty() && truth.isEmpty() ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : truth) {
            counts.merge(t, 1, Integer::sum);
        }
        int common = 0;
        for (String w : answer) {
            Integer c = counts.get(w);
            if (c != null && c > 0) {
                common++;
                counts.put(w, c - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double p = (double) common / answer.size();
        double r = (double) common / truth.size();
        return 2 * p * r / (p + r);
    }

    /** ROUGE-L F1: longest common subsequence of words (capped at 2,000 words each to bound the work). */
    static double rougeL(List<String> answer, List<String> truth) {
        List<String> a = answer.subList(0, Math.min(answer.size(), 2000));
        List<String> b = truth.subList(0, Math.min(truth.size(), 2000));
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty() ? 1 : 0;
        }
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        int lcs = prev[b.size()];
        if (lcs == 0) {
            return 0;
        }
        double p = (double) lcs / a.size();
        double r = (double) lcs / b.size();
        return 2 * p * r / (p + r);
    }
}
