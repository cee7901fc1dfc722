package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fluency proxy from surface statistics (no model): the product of four factors in [0, 1] — the share of word-like
 * tokens (not consonant soup, not 25-letter runs), the share of characters that are letters, digits, spaces or common
 * punctuation, sentence length in a readable range (2 to 60 words on average), and the absence of stuttered
 * characters ("!!!!!!", "aaaaaa"). It catches garbled, truncated-to-noise and encoding-broken output; it does not
 * judge style.
 *
 * <p>Score in [0, 1], higher = more fluent; passes at {@code fluency.threshold} (default 0.5). An empty answer is an
 * error result.
 */
final class FluencyEvaluator implements Evaluator {

    private static final Pattern VOWEL = Pattern.compile("[aeiouyáéíóúàèìòùäëïöüâêîôûåæø]");
    private static final Pattern STUTTER = Pattern.compile("(.)\\1{5,}");

    private final double threshold;

    FluencyEvaluator(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "fluency";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        String text = Texts.clip(input.answer());
        List<String> words = Texts.words(text);
        if (words.isEmpty()) {
            return EvaluationScore.error(this, "empty answer: nothing to judge");
        }
        int wordLike = 0;
        for (String w : words) {
            boolean latin = w.chars().allMatch(c -> c < 0x250);
            boolean digits = w.chars().anyMatch(Character::isDigit);
            if (digits || !latin || w.length() <= 3 || w.length() <= 24 && VOWEL.matcher(w).find()) {
                wordLike++;
            }
        }
        double words01 = (double) wordLike / words.size();
        long clean = text.codePoints().filter(c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c)
                || ".,;:!?'\"()-–—’“”/%$€£&*#@+=[]{}<>_|`~…•".indexOf(c) >= 0).count();
        double chars01 = (double) clean / Math.max(1, text.codePointCount(0, text.length()));
        int sentences = Math.max(1, Texts.sentences(text).size());
        double perSentence = (double) words.size() / sentences;
        double length01 = perSentence < 2 ? 0.7 : perSentence > 60 ? Math.max(0.3, 60 / perSentence) : 1.0;
        long stutters = STUTTER.matcher(text).results().count();
        double stutter01 = Math.max(0, 1 - 0.25 * stutters);
        double score = words01 * words01 * chars01 * length01 * stutter01;
        return EvaluationScore.of(this, score, score >= threshold, String.format(
                "word-like %.2f, clean characters %.2f, %.1f words per sentence, %d stutters",
                words01, chars01, perSentence, stutters));
    }
}
