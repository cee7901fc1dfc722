package dev.genaimon.evaluators.safety.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.safety.Corpora;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Held-out quality of the attack cascade (linear model, then MiniLM embedding + combiner for prompts the linear
 * model cannot decide) on prompts_dev.jsonl, on the splits of {@link PromptAttackCorpusTest}. Per outer fold the
 * linear model and the whole cascade ({@link CascadeTrainer}, inner folds by id) are retrained on the other folds;
 * the held-out fold is scored as the scanner scores it. Needs the shared corpora (skipped without them) and MiniLM
 * embeddings of the corpus (computed once, ~20 s, cached under target/).
 */
class CascadeCorpusTest {

    @Test
    void shouldMeetTheRecallTargetOnTheRandomSplit() {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.require(AttackCorpus.FILE));
        Scored s = outOfFold(rows, PromptAttackCorpusTest::idFold);
        PromptAttackCorpusTest.Measured m = PromptAttackCorpusTest.report("cascade, random 5-fold by id", rows, s.scores);
        System.out.printf("  embedded %d of %d held-out rows%n", s.embedded, rows.size());
        // linear model alone: AUC 0.978, recall 0.871, FPR 0.027 (docs/safety.md)
        assertThat(m.auc()).as("AUC").isGreaterThanOrEqualTo(0.97);
        assertThat(m.recall()).as("recall at the default threshold").isGreaterThanOrEqualTo(0.90);
        assertThat(m.fpr()).as("benign FPR").isLessThanOrEqualTo(0.03);
        assertThat(m.triggerFpr()).as("trigger-word benign FPR").isLessThanOrEqualTo(0.03);
        assertThat((double) s.embedded / rows.size()).as("fraction embedded").isLessThan(0.15);
    }

    @Test
    void shouldDoBetterThanTheLinearModelOnUnseenAttackFamilies() {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.require(AttackCorpus.FILE));
        List<AttackCorpus.Row> nonBenign = rows.stream().filter(r -> !r.label().equals("benign")).toList();
        Map<String, Integer> fold = AttackCorpus.groupFolds(nonBenign, 5);
        Scored s = outOfFold(rows, r -> r.label().equals("benign") ? PromptAttackCorpusTest.idFold(r) : fold.get(r.subtype()));
        PromptAttackCorpusTest.Measured m = PromptAttackCorpusTest.report("cascade, attack families held out", rows,
                s.scores);
        // linear model alone: recall 0.553, FPR 0.022, trigger-word FPR 0.011
        assertThat(m.recall()).as("unseen-family recall").isGreaterThanOrEqualTo(0.61);
        assertThat(m.fpr()).as("benign FPR").isLessThanOrEqualTo(0.03);
        assertThat(m.triggerFpr()).as("trigger-word benign FPR").isLessThanOrEqualTo(0.03);
    }

    private record Scored(double[] scores, int embedded) {
    }

    private static Scored outOfFold(List<AttackCorpus.Row> rows, PromptAttackCorpusTest.FoldOf foldOf) {
        float[][] vectors = AttackEmbeddings.ofWindow(rows, CascadeTrainer.Hyper.DEFAULT.window(),
                CascadeTrainer.Hyper.DEFAULT.head());
        double[] scores = new double[rows.size()];
        int embedded = 0;
        for (int f = 0; f < 5; f++) {
            List<LogisticTrainer.Example> train = new ArrayList<>();
            List<Boolean> benign = new ArrayList<>();
            List<float[]> vec = new ArrayList<>();
            List<Integer> inner = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                AttackCorpus.Row r = rows.get(i);
                if (foldOf.of(r) != f) {
                    train.add(r.example());
                    benign.add(r.label().equals("benign"));
                    vec.add(vectors[i]);
                    inner.add(AttackModelTraining.innerFold(r));
                }
            }
            boolean[] b = new boolean[benign.size()];
            for (int k = 0; k < b.length; k++) {
                b[k] = benign.get(k);
            }
            AttackModel linear = DeepTrainer.train(train, AttackModelTraining.HYPER, AttackModelTraining.SEED);
            EmbeddingCascade cascade = CascadeTrainer.train(train, b, vec.toArray(float[][]::new),
                    inner.stream().mapToInt(Integer::intValue).toArray(), AttackModelTraining.HYPER,
                    CascadeTrainer.Hyper.DEFAULT, AttackModelTraining.SEED).cascade();
            int fold = f;
            CascadeAttackDetector detector = new CascadeAttackDetector(
                    new PromptAttackDetector(linear, PromptAttackDetector.DEFAULT_THRESHOLD), cascade,
                    text -> vectors[indexOf(rows, text, fold, foldOf)]);
            for (int i = 0; i < rows.size(); i++) {
                if (foldOf.of(rows.get(i)) == f) {
                    CascadeAttackDetector.Report r = detector.detectWithContext(rows.get(i).text(), List.of());
                    scores[i] = r.report().score();
                    embedded += r.embedded() ? 1 : 0;
                }
            }
        }
        return new Scored(scores, embedded);
    }

    /** The cached vector of a held-out row by its text (the cascade embeds the whole prompt: cut 0). */
    private static int indexOf(List<AttackCorpus.Row> rows, String text, int fold, PromptAttackCorpusTest.FoldOf foldOf) {
        for (int i = 0; i < rows.size(); i++) {
            if (foldOf.of(rows.get(i)) == fold && rows.get(i).text().equals(text)) {
                return i;
            }
        }
        throw new IllegalStateException("not a held-out text");
    }
}
