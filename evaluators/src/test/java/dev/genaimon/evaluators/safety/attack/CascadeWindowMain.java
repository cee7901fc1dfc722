package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Development aid (not a test): the cascade's held-out quality and its scanner cost for several embedding windows and
 * band tails. Per window: the random 5-fold and the attack-families-held-out splits of {@link CascadeCorpusTest}
 * (cascade retrained per outer fold; the band for each low tail set from the same training), then the cascade trained
 * on all rows and the share of the scanner benchmark's lines ({@code ScanWallMain}, 100,000) whose prompt falls in
 * its band. Arguments: windows {@code window:head}; {@code -Dexp.low-tails=0.01,0.02} and {@code -Dexp.high-tail}.
 */
final class CascadeWindowMain {

    private CascadeWindowMain() {
    }

    public static void main(String[] args) throws IOException {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.require(AttackCorpus.FILE));
        List<String> texts = EmbedCostMain.scannerTexts();
        AttackModel shipped = PromptAttackDetector.shippedModel();
        double[] scannerLogits = new double[50_000];
        for (int i = 0; i < 100_000; i += 2) {
            scannerLogits[i / 2] = shipped.logit(texts.get((int) ((i * 7919L) % texts.size())));
        }
        double[] lowTails = Arrays.stream(System.getProperty("exp.low-tails", "0.01").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        double highTail = Double.parseDouble(System.getProperty("exp.high-tail", "0.002"));
        for (String setting : args) {
            String[] p = setting.split(":");
            int window = Integer.parseInt(p[0]);
            int head = Integer.parseInt(p[1]);
            CascadeTrainer.Hyper d = CascadeTrainer.Hyper.DEFAULT;
            CascadeTrainer.Hyper h = new CascadeTrainer.Hyper(d.embedding(), d.combiner(), d.benignFpr(), lowTails[0],
                    highTail, window, head);
            float[][] vectors = AttackEmbeddings.ofWindow(rows, window, head);
            Scored[] random = outOfFold(rows, vectors, h, lowTails, highTail, PromptAttackCorpusTest::idFold);
            List<AttackCorpus.Row> nonBenign = rows.stream().filter(r -> !r.label().equals("benign")).toList();
            Map<String, Integer> fold = AttackCorpus.groupFolds(nonBenign, 5);
            Scored[] families = outOfFold(rows, vectors, h, lowTails, highTail,
                    r -> r.label().equals("benign") ? PromptAttackCorpusTest.idFold(r) : fold.get(r.subtype()));
            CascadeTrainer.Trained all = train(rows, vectors, h);
            for (int t = 0; t < lowTails.length; t++) {
                String name = setting + " low tail " + lowTails[t] + " high tail " + highTail;
                System.out.println("=== " + name);
                PromptAttackCorpusTest.report(name + " random 5-fold", rows, random[t].scores);
                System.out.printf("  embedded %d of %d held-out rows%n", random[t].embedded, rows.size());
                PromptAttackCorpusTest.report(name + " families held out", rows, families[t].scores);
                EmbeddingCascade c = all.withTails(lowTails[t], highTail);
                int in = 0;
                for (double l : scannerLogits) {
                    in += c.needsEmbedding(l) ? 1 : 0;
                }
                System.out.printf("  all rows: band [%.3f, %.3f]; scanner lines embedded %.2f %%%n", c.low, c.high,
                        100.0 * in / 100_000);
            }
        }
    }

    record Scored(double[] scores, int embedded) {
    }

    static CascadeTrainer.Trained train(List<AttackCorpus.Row> rows, float[][] vectors, CascadeTrainer.Hyper h) {
        boolean[] benign = new boolean[rows.size()];
        int[] inner = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            benign[i] = rows.get(i).label().equals("benign");
            inner[i] = AttackModelTraining.innerFold(rows.get(i));
        }
        return CascadeTrainer.train(rows.stream().map(AttackCorpus.Row::example).toList(), benign, vectors, inner,
                AttackModelTraining.HYPER, h, AttackModelTraining.SEED);
    }

    static Scored[] outOfFold(List<AttackCorpus.Row> rows, float[][] vectors, CascadeTrainer.Hyper h, double[] lowTails,
                              double highTail, PromptAttackCorpusTest.FoldOf foldOf) {
        double[][] scores = new double[lowTails.length][rows.size()];
        int[] embedded = new int[lowTails.length];
        for (int f = 0; f < 5; f++) {
            List<AttackCorpus.Row> train = new ArrayList<>();
            List<float[]> vec = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (foldOf.of(rows.get(i)) != f) {
                    train.add(rows.get(i));
                    vec.add(vectors[i]);
                }
            }
            AttackModel linear = DeepTrainer.train(train.stream().map(AttackCorpus.Row::example).toList(),
                    AttackModelTraining.HYPER, AttackModelTraining.SEED);
            CascadeTrainer.Trained trained = train(train, vec.toArray(float[][]::new), h);
            for (int t = 0; t < lowTails.length; t++) {
                EmbeddingCascade cascade = trained.withTails(lowTails[t], highTail);
                for (int i = 0; i < rows.size(); i++) {
                    if (foldOf.of(rows.get(i)) == f) {
                        double l = linear.logit(rows.get(i).text());
                        boolean in = cascade.needsEmbedding(l);
                        embedded[t] += in ? 1 : 0;
                        scores[t][i] = 1 / (1 + Math.exp(-cascade.logit(l, in ? vectors[i] : null)));
                    }
                }
            }
        }
        Scored[] out = new Scored[lowTails.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = new Scored(scores[t], embedded[t]);
        }
        return out;
    }
}
