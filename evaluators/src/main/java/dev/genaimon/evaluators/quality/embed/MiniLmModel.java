package dev.genaimon.evaluators.quality.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The bundled all-MiniLM-L6-v2 (quantised) model, loaded on the first call. DJL (used for the tokenizer) is put
 * offline and told not to report usage before the class loads, or it would try to reach the network.
 */
final class MiniLmModel implements Function<List<String>, List<float[]>> {

    private volatile EmbeddingModel model;

    @Override
    public List<float[]> apply(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            // The model rejects blank text; a single space embeds as "nothing" and keeps positions aligned.
            segments.add(TextSegment.from(t == null || t.isBlank() ? " " : t));
        }
        List<Embedding> embeddings = model().embedAll(segments).content();
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            out.add(e.vector());
        }
        return out;
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    BundledMiniLm.goOffline();
                    m = new CallerThreadModel(encoder());
                    model = m;
                }
            }
        }
        return m;
    }

    /**
     * The bundled model in an ONNX session with one intra-op thread that does not spin, run on the caller's thread.
     * langchain4j's default spreads a batch over a pool of as many threads as cores, each running a session whose own
     * intra-op pool again has a thread per core and spin-waits between operators: on two shared cores that cost
     * 9–10 ms of CPU per 300-character text against 5.8 ms this way, at no loss of throughput (MiniLM embeddings
     * were ~30 % of the full pipeline's CPU). The callers (eval worker, embedding drift) have their own threads.
     */
    private static OnnxBertBiEncoder encoder() {
        try (InputStream tokenizer = BundledMiniLm.resource(BundledMiniLm.TOKENIZER)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            return new OnnxBertBiEncoder(environment, BundledMiniLm.session(environment), tokenizer,
                    PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled MiniLM model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the bundled MiniLM model: " + e.getMessage(), e);
        }
    }

    /** The bundled model, embedding every text of a batch on the calling thread. */
    private static final class CallerThreadModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        CallerThreadModel(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
