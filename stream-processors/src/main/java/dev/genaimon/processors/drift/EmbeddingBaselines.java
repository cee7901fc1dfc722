package dev.genaimon.processors.drift;

import dev.genaimon.schemas.avro.EmbeddingSample;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.TextSample;
import dev.genaimon.schemas.avro.TextSampleItem;
import java.util.List;
import java.util.function.Function;

/**
 * The embedding part of a baseline: the same bottom-k-by-id-hash text sample the online stage draws from a window,
 * drawn from a whole dataset, embedded once and stored as vectors in the baseline (the texts themselves are not kept).
 */
public final class EmbeddingBaselines {

    private EmbeddingBaselines() {
    }

    /**
     * @param field    {@code prompt} or {@code response}, as {@code drift.embedding.field}
     * @param size     vectors kept (the online sample size is a good choice)
     * @param model    the model's name, recorded in the baseline
     * @param embedder one L2-normalised vector per text, in order
     * @return the sample, or null when no interaction has the text
     */
    public static EmbeddingSample sample(List<Interaction> interactions, String field, int size, String model,
                                         Function<List<String>, List<float[]>> embedder) {
        TextSample sample = EmbeddingDriftTopology.emptySample();
        for (Interaction interaction : interactions) {
            String text = EmbeddingDriftTopology.text(interaction, field);
            if (text == null || text.isBlank()) {
                continue;
            }
            String cut = text.length() > 1000 ? text.substring(0, 1000) : text;
            long hash = EmbeddingDriftTopology.hash(interaction.getInteractionId());
            sample = EmbeddingDriftTopology.merge(sample, TextSample.newBuilder()
                    .setItems(List.of(new TextSampleItem(hash, cut))).setSeen(1).build(), size);
        }
        if (sample.getItems().isEmpty()) {
            return null;
        }
        List<float[]> vectors = embedder.apply(sample.getItems().stream().map(TextSampleItem::getText).toList());
        int dimension = vectors.get(0).length;
        return new EmbeddingSample(model, dimension, vectors.size(), EmbeddingComparer.encode(vectors, dimension));
    }
}
