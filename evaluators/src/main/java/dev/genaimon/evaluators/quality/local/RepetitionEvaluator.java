package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Repetition: 1 minus the larger of the share of repeated word trigrams and the share of repeated sentences
 * (degenerate loops, copy-pasted paragraphs). Score in [0, 1], higher = less repetition; passes at
 * {@code repetition.threshold} (default 0.8). Answers under three words score 1 (nothing can repeat); an empty
 * answer is an error result.
 */
final class RepetitionEvaluator implements Evaluator {

    private final double threshold;

    RepetitionEvaluator(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "repetition";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        List<String> words = Texts.words(input.answer());
        if (words.isEmpty()) {
            return EvaluationScore.error(this, "empty answer: nothing to judge");
        }
        int trigrams = Math.max(0, words.size() - 2);
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        for (int i = 0; i < trigrams; i++) {
            if (!seen.add(words.get(i) + ' ' + words.get(i + 1) + ' ' + words.get(i + 2))) {
                repeated++;
            }
        }
        List<String> sentences = Texts.sentences(input.answer());
        Set<String> seenSentences = new HashSet<>();
        int repeatedSentences = 0;
        for (String s : sentences) {
            if (!seenSentences.add(s.toLowerCase(java.util.Locale.ROOT))) {
                repeatedSentences++;
            }
        }
        double trigramShare = trigrams == 0 ? 0 : (double) repeated / trigrams;
        double sentenceShare = sentences.isEmpty() ? 0 : (double) repeatedSentences / sentences.size();
        double score = 1 - Math.max(trigramShare, sentenceShare);
        return EvaluationScore.of(this, score, score >= threshold, String.format(
                "repeated trigrams %.2f, repeated sentences %.2f", trigramShare, sentenceShare));
    }
}
