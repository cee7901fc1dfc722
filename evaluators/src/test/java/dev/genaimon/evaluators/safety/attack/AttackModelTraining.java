package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reproducible training of the shipped prompt-attack weights. Run through
 * {@code evaluators/scripts/train-safety-models.sh}; writes
 * {@code src/main/resources/dev/genaimon/evaluators/safety/attack/attack-model.bin.gz}.
 */
public final class AttackModelTraining {

    static final long SEED = 20240611L;
    static final DeepTrainer.Hyper HYPER = DeepTrainer.Hyper.fromProperties();

    private AttackModelTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0]
                : "evaluators/src/main/resources/dev/genaimon/evaluators/safety/attack/attack-model.bin.gz");
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.root().orElseThrow(
                () -> new IllegalStateException("shared corpora not found; set -Dgenaimon.shared.dir")).resolve(AttackCorpus.FILE));
        List<LogisticTrainer.Example> examples = rows.stream().map(AttackCorpus.Row::example).toList();
        AttackModel model = DeepTrainer.train(examples, HYPER, SEED);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf("trained on %d rows (%s), seed %d, %s -> %s (%d bytes)%n", rows.size(), AttackCorpus.FILE,
                SEED, HYPER, out, Files.size(out));
        for (int i = 0; i < StructuralFeatures.COUNT; i++) {
            System.out.printf("  cue %-26s weight %+.3f%n", StructuralFeatures.NAMES.get(i),
                    model.wide.cueWeight(i));
        }
        System.out.printf("  bias %+.3f%n", model.wide.bias);
    }
}
