package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.SafetyDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores jailbreaks and direct or indirect prompt injections: logistic regression on signed-hashed character
 * 3-5-grams, word 1-3-grams and hand-written structural cues ({@code StructuralFeatures}). Harmful requests without an
 * attack wrapper are deliberately not flagged; that is the harm detector's job. Thread-safe.
 */
public final class PromptAttackDetector implements SafetyDetector<AttackResult> {

    /**
     * Threshold for {@link AttackResult#detected()}: fixed at 0.5 before any measurement (training balances the
     * classes so 0.5 sits between them), never tuned on a test fold; held-out benign FPR at it is 0.027.
     */
    public static final double DEFAULT_THRESHOLD = 0.5;
    static final String RESOURCE = "attack-model.bin.gz";
    static final int WINDOW = 600;

    private final AttackModel model;
    private final double threshold;

    PromptAttackDetector(AttackModel model, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1): " + threshold);
        }
        this.model = model;
        this.threshold = threshold;
    }

    /** The shipped model at {@link #DEFAULT_THRESHOLD}. */
    public static PromptAttackDetector createDefault() {
        return withThreshold(DEFAULT_THRESHOLD);
    }

    /** The shipped model with a custom verdict threshold in (0, 1). */
    public static PromptAttackDetector withThreshold(double threshold) {
        return new PromptAttackDetector(ShippedModel.INSTANCE, threshold);
    }

    AttackModel model() {
        return model;
    }

    static AttackModel shippedModel() {
        return ShippedModel.INSTANCE;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public AttackResult detect(String text) {
        double score = model.score(text);
        return new AttackResult(score, score >= threshold);
    }

    /**
     * Scores the prompt and every context document (retrieved passages, tool results). Documents are scored in
     * overlapping windows of {@value #WINDOW} characters, because an instruction buried in a long page is diluted
     * when the whole page is scored at once. A window without any instruction aimed at the model scores 0: the
     * n-gram model was trained on prompts, and JSON tool results or policy pages score high on n-grams alone.
     */
    public ContextAttackReport detectWithContext(String prompt, List<String> context) {
        return detectWithContext(detect(prompt), context);
    }

    /** As {@link #detectWithContext(String, List)} with the prompt's verdict already made (by the cascade). */
    ContextAttackReport detectWithContext(AttackResult p, List<String> context) {
        double max = p.score();
        List<ContextAttackReport.Location> found = new ArrayList<>();
        for (int d = 0; d < context.size(); d++) {
            String doc = context.get(d);
            if (doc == null || doc.isEmpty()) {
                continue;
            }
            HashedText h = HashedText.forThread();
            float[] cues = new float[StructuralFeatures.COUNT];
            for (int start = 0; ; start += WINDOW / 2) {
                int end = Math.min(doc.length(), start + WINDOW);
                String window = doc.substring(start, end);
                h.analyse(window);
                double s = model.score(h, window, cues);
                // a window counts only if it also instructs the model: see StructuralFeatures.addressesTheModel
                if (!StructuralFeatures.addressesTheModel(cues)) {
                    s = 0.0;
                }
                max = Math.max(max, s);
                if (s >= threshold) {
                    found.add(new ContextAttackReport.Location(d, start, end, s));
                }
                if (end == doc.length()) {
                    break;
                }
            }
        }
        found.sort(Comparator.comparingDouble(ContextAttackReport.Location::score).reversed());
        return new ContextAttackReport(p, found, max, max >= threshold);
    }

    /** Lazily loaded once per JVM; the weights are ~0.5 MB in memory (plus 1 MB per 16 hidden units). */
    private static final class ShippedModel {
        static final AttackModel INSTANCE = load();

        private static AttackModel load() {
            try (InputStream in = PromptAttackDetector.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing model resource " + RESOURCE);
                }
                return AttackModel.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
