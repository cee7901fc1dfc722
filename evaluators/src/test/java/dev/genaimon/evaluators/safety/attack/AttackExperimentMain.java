package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Development aid (not a test): out-of-fold scores of candidate attack models on the random 5-fold and the
 * attack-family-held-out split, written as TSV (id, label, subtype, split, score) for error analysis.
 * Arguments: output directory, then model names.
 */
final class AttackExperimentMain {

    private AttackExperimentMain() {
    }

    static Function<List<LogisticTrainer.Example>, ToDoubleFunction<String>> model(String name) {
        return switch (name) {
            case "linear" -> ex -> {
                LinearModel m = LogisticTrainer.train(ex, LogisticTrainer.Hyper.DEFAULT, AttackModelTraining.SEED);
                return m::score;
            };
            case "deep" -> ex -> {
                AttackModel m = DeepTrainer.train(ex, DeepTrainer.Hyper.fromProperties(), AttackModelTraining.SEED);
                return m::score;
            };
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.root().orElseThrow().resolve(AttackCorpus.FILE));
        List<AttackCorpus.Row> nonBenign = rows.stream().filter(r -> !r.label().equals("benign")).toList();
        Map<String, Integer> fold = AttackCorpus.groupFolds(nonBenign, 5);
        if (args.length > 1 && args[1].equals("lofo")) {
            leaveOneFamilyOut(rows);
            return;
        }
        for (int a = 1; a < args.length; a++) {
            String name = args[a];
            String tag = System.getProperty("tag", name);
            var trainer = model(name);
            long t0 = System.nanoTime();
            double[] random = outOfFold(rows, PromptAttackCorpusTest::idFold, trainer);
            double[] family = outOfFold(rows, r -> r.label().equals("benign") ? PromptAttackCorpusTest.idFold(r)
                    : fold.get(r.subtype()), trainer);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(tag + ".tsv")))) {
                for (int i = 0; i < rows.size(); i++) {
                    AttackCorpus.Row r = rows.get(i);
                    w.printf("%s\t%s\t%s\trandom\t%.6f%n", r.id(), r.label(), r.subtype(), random[i]);
                    w.printf("%s\t%s\t%s\tfamily\t%.6f%n", r.id(), r.label(), r.subtype(), family[i]);
                }
            }
            System.out.printf("%s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            PromptAttackCorpusTest.report(name + " random", rows, random);
            PromptAttackCorpusTest.report(name + " family", rows, family);
        }
    }

    /**
     * Leave one attack family out: for each attack subtype with at least 20 rows, a model trained without it (and
     * without one fifth of the benign rows) scores it and those benign rows; prints recall and benign FPR at the
     * default threshold and the pooled AUC.
     */
    static void leaveOneFamilyOut(List<AttackCorpus.Row> rows) {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        rows.stream().filter(AttackCorpus.Row::attack).forEach(r -> sizes.merge(r.subtype(), 1L, Long::sum));
        List<String> families = sizes.entrySet().stream().filter(e -> e.getValue() >= 20).map(Map.Entry::getKey).toList();
        List<Double> s = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int k = 0; k < families.size(); k++) {
            String family = families.get(k);
            int benignFold = k % 5;
            List<LogisticTrainer.Example> train = new ArrayList<>();
            List<AttackCorpus.Row> test = new ArrayList<>();
            for (AttackCorpus.Row r : rows) {
                boolean heldOut = r.subtype().equals(family)
                        || (r.label().equals("benign") && PromptAttackCorpusTest.idFold(r) == benignFold);
                if (heldOut) {
                    test.add(r);
                } else {
                    train.add(r.example());
                }
            }
            AttackModel m = DeepTrainer.train(train, DeepTrainer.Hyper.fromProperties(), AttackModelTraining.SEED);
            int tp = 0;
            int pos = 0;
            int fp = 0;
            int neg = 0;
            for (AttackCorpus.Row r : test) {
                double score = m.score(r.text());
                boolean flagged = score >= PromptAttackDetector.DEFAULT_THRESHOLD;
                if (r.attack()) {
                    pos++;
                    tp += flagged ? 1 : 0;
                } else {
                    neg++;
                    fp += flagged ? 1 : 0;
                }
                s.add(score);
                y.add(r.attack());
            }
            System.out.printf("  held out %-28s n=%4d recall=%.3f  benign n=%4d FPR=%.3f%n", family, pos,
                    (double) tp / pos, neg, (double) fp / neg);
        }
        boolean[] ya = new boolean[y.size()];
        for (int i = 0; i < ya.length; i++) {
            ya[i] = y.get(i);
        }
        System.out.printf("  pooled AUC=%.4f%n", dev.genaimon.evaluators.safety.Metrics.rocAuc(
                s.stream().mapToDouble(Double::doubleValue).toArray(), ya));
    }

    static double[] outOfFold(List<AttackCorpus.Row> rows, PromptAttackCorpusTest.FoldOf foldOf,
                              Function<List<LogisticTrainer.Example>, ToDoubleFunction<String>> trainer) {
        double[] scores = new double[rows.size()];
        for (int f = 0; f < 5; f++) {
            List<LogisticTrainer.Example> train = new ArrayList<>();
            for (AttackCorpus.Row r : rows) {
                if (foldOf.of(r) != f) {
                    train.add(r.example());
                }
            }
            ToDoubleFunction<String> m = trainer.apply(train);
            for (int i = 0; i < rows.size(); i++) {
                if (foldOf.of(rows.get(i)) == f) {
                    scores[i] = m.applyAsDouble(rows.get(i).text());
                }
            }
        }
        return scores;
    }
}
