package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Coherence proxy: do consecutive sentences of the answer stay on one thread? The mean MiniLM cosine of neighbouring
 * sentences mapped from [0.05, 0.45] to [0, 1], blended half and half with the cosine of each sentence to the whole
 * answer (a sentence that belongs nowhere pulls both down). A proxy, not a judgement of logic: an answer of one
 * sentence scores 1 (there is no sequence to break).
 *
 * <p>Score in [0, 1], higher = more coherent; passes at {@code coherence.threshold} (default 0.5). An empty answer is
 * an error result.
 */
final class CoherenceEvaluator implements Evaluator {

    private final SentenceEmbedder embedder;
    private final double threshold;

    CoherenceEvaluator(SentenceEmbedder embedder, double threshold) {
        this.embedder = embedder;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "coherence";
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
        List<List<String>> sentences = new ArrayList<>(inputs.size());
        List<List<String>> texts = new ArrayList<>(inputs.size());
        for (EvaluationInput in : inputs) {
            List<String> s = Texts.sentences(in.answer());
            if (s.size() > GroundednessEvaluator.MAX_CLAIMS) {
                s = s.subList(0, GroundednessEvaluator.MAX_CLAIMS);
            }
            sentences.add(s);
            List<String> group = new ArrayList<>();
            if (s.size() > 1) {
                group.addAll(s);
                group.add(String.join(" ", s));
            }
            texts.add(group);
        }
        List<List<float[]>> vectors = embedder.embedGroups(texts);
        List<EvaluationScore> out = new ArrayList<>(inputs.size());
        for (int k = 0; k < sentences.size(); k++) {
            List<String> s = sentences.get(k);
            List<float[]> v = vectors.get(k);
            if (s.isEmpty()) {
                out.add(EvaluationScore.error(this, "empty answer: nothing to judge"));
                continue;
            }
            if (s.size() == 1) {
                out.add(EvaluationScore.of(this, 1.0, 1.0 >= threshold, "one sentence"));
                continue;
            }
            float[] whole = v.get(s.size());
            double neighbours = 0;
            double toWhole = 0;
            for (int i = 0; i < s.size(); i++) {
                toWhole += SentenceEmbedder.cosine(v.get(i), whole);
                if (i > 0) {
                    neighbours += SentenceEmbedder.cosine(v.get(i - 1), v.get(i));
                }
            }
            neighbours /= s.size() - 1;
            toWhole /= s.size();
            double score = 0.5 * GroundednessEvaluator.clamp((neighbours - 0.05) / 0.4)
                    + 0.5 * GroundednessEvaluator.clamp((toWhole - 0.3) / 0.4);
            out.add(EvaluationScore.of(this, score, score >= threshold, String.format(
                    "%d sentences, neighbour cosine %.2f, sentence-to-answer cosine %.2f", s.size(), neighbours, toWhole)));
        }
        return out;
    }
}
