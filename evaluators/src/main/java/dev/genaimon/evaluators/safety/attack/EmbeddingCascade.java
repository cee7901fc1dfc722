package dev.genaimon.evaluators.safety.attack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The second stage of the prompt-attack cascade: a small neural network ({@link EmbeddingMlp}) on the MiniLM
 * sentence embedding of the prompt (at most {@link #window} wordpieces: the first {@link #head} and the last
 * {@code window - head}, see {@link PromptEmbedder}), stacked with the linear model's logit by a two-input logistic
 * combiner. Only prompts whose linear logit lies in the band [{@link #low}, {@link #high}] are embedded; outside the
 * band the linear model decides alone (the band and the combiner's offset were set on the training rows' out-of-fold
 * scores, see {@code CascadeTrainer}). Immutable, so shared by all threads.
 */
final class EmbeddingCascade {

    static final String RESOURCE = "attack-embedding.bin.gz";
    private static final int MAGIC = 0x47414543; // "GAEC"
    private static final int VERSION = 3;

    final EmbeddingMlp embedding;
    /** Inputs (linear logit, embedding logit); its bias already holds the calibration offset. */
    final DenseLogistic combiner;
    final double low;
    final double high;
    /** Wordpieces embedded at most, and how many of them from the prompt's start (the rest from its end). */
    final int window;
    final int head;
    /** Outside the band the embedding logit is estimated as {@code expectIntercept + expectSlope * linear logit}. */
    final double expectIntercept;
    final double expectSlope;

    EmbeddingCascade(EmbeddingMlp embedding, DenseLogistic combiner, double low, double high, int window, int head) {
        this(embedding, combiner, low, high, window, head, 0, 0);
    }

    EmbeddingCascade(EmbeddingMlp embedding, DenseLogistic combiner, double low, double high, int window, int head,
                     double expectIntercept, double expectSlope) {
        if (combiner.dimension() != 2 || !(low <= high) || window < 1 || window > 510 || head < 0 || head > window) {
            throw new IllegalArgumentException("bad cascade: combiner inputs " + combiner.dimension() + ", band ["
                    + low + ", " + high + "], window " + window + ", head " + head);
        }
        this.embedding = embedding;
        this.combiner = combiner;
        this.low = low;
        this.high = high;
        this.window = window;
        this.head = head;
        this.expectIntercept = expectIntercept;
        this.expectSlope = expectSlope;
    }

    /** Whether a prompt with this linear logit is embedded (the linear model cannot decide it alone). */
    boolean needsEmbedding(double linearLogit) {
        return linearLogit >= low && linearLogit <= high;
    }

    /**
     * Combined log-odds. Inside the band {@code embedding} (L2-normalised MiniLM vector of the prompt's window)
     * must be given; outside it is ignored and the verdict is the band's: below {@code low} benign, above
     * {@code high} attack. The score there is the combiner's with the embedding logit expected for that linear logit
     * (a least-squares line fitted on the training rows), kept on the verdict's side of 0, so scores stay ordered by
     * the linear logit on each side of the band.
     */
    double logit(double linearLogit, float[] vector) {
        if (needsEmbedding(linearLogit)) {
            if (vector == null) {
                throw new IllegalArgumentException("linear logit " + linearLogit + " is in the band; embedding needed");
            }
            return combiner.logit(new float[] {(float) linearLogit, (float) embedding.logit(vector)});
        }
        double z = combiner.logit(new float[] {(float) linearLogit, (float) (expectIntercept + expectSlope * linearLogit)});
        return linearLogit < low ? Math.min(z, -1e-6) : Math.max(z, 0);
    }

    void write(OutputStream raw) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeDouble(low);
            out.writeDouble(high);
            out.writeInt(window);
            out.writeInt(head);
            out.writeDouble(expectIntercept);
            out.writeDouble(expectSlope);
            embedding.writeTo(out);
            combiner.writeTo(out);
        }
    }

    static EmbeddingCascade read(InputStream raw) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalStateException("not a genaimon embedding cascade v" + VERSION
                        + " (retrain with evaluators/scripts/train-safety-models.sh)");
            }
            double low = in.readDouble();
            double high = in.readDouble();
            int window = in.readInt();
            int head = in.readInt();
            double intercept = in.readDouble();
            double slope = in.readDouble();
            return new EmbeddingCascade(EmbeddingMlp.readFrom(in), DenseLogistic.readFrom(in), low, high, window,
                    head, intercept, slope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
