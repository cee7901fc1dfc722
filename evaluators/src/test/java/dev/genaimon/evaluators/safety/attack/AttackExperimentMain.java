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
