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
        trainCascade(rows, out.toAbsolutePath().getParent().resolve(EmbeddingCascade.RESOURCE));
    }

    /** Inner folds of the cascade's stacking: a stable hash of the id, independent of the test folds'. */
    static int innerFold(AttackCorpus.Row r) {
        return Math.floorMod((r.id() + "#inner").hashCode(), 5);
    }

    /**
     * The embedding cascade on all rows ({@link CascadeTrainer}, its default hyper-parameters). The MiniLM
     * embeddings of the corpus are computed here (about 20 s) and cached under target/, never committed.
     */
    static void trainCascade(List<AttackCorpus.Row> rows, Path out) throws IOException {
        float[][] vectors = AttackEmbeddings.ofWindow(rows, CascadeTrainer.Hyper.DEFAULT.window(),
                CascadeTrainer.Hyper.DEFAULT.head());
        List<LogisticTrainer.Example> examples = rows.stream().map(AttackCorpus.Row::example).toList();
        boolean[] benign = new boolean[rows.size()];
        int[] inner = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            benign[i] = rows.get(i).label().equals("benign");
            inner[i] = innerFold(rows.get(i));
        }
        CascadeTrainer.Trained t = CascadeTrainer.train(examples, benign, vectors, inner, HYPER,
                CascadeTrainer.Hyper.DEFAULT, SEED);
        try (OutputStream o = Files.newOutputStream(out)) {
            t.cascade().write(o);
        }
        EmbeddingCascade c = t.cascade();
        int inBand = 0;
        for (double l : t.oofLinear()) {
            inBand += c.needsEmbedding(l) ? 1 : 0;
        }
        System.out.printf("cascade: %s, combiner %.4f * linear %+.4f * embedding %+.4f (offset %.4f included), "
                        + "band [%.4f, %.4f] (%d of %d training rows out-of-fold), window %d head %d -> %s (%d bytes)%n",
                CascadeTrainer.Hyper.DEFAULT, c.combiner.weight(0), c.combiner.weight(1), c.combiner.bias(), t.offset(),
                c.low, c.high, inBand, rows.size(), c.window, c.head, out, Files.size(out));
    }
}
