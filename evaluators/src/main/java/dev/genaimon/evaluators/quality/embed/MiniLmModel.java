package dev.genaimon.evaluators.quality.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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
                    goOffline();
                    m = new AllMiniLmL6V2QuantizedEmbeddingModel();
                    model = m;
                }
            }
        }
        return m;
    }

    /** Must run before any DJL class initialises; system properties are what DJL reads besides the environment. */
    static void goOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.util.OPT_OUT_TRACKING", "true");
    }
}
