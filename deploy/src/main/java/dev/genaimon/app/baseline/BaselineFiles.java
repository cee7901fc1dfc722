package dev.genaimon.app.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.processors.drift.BaselineBuilder;
import dev.genaimon.processors.drift.EmbeddingBaselines;
import dev.genaimon.processors.enrich.EnrichSettings;
import dev.genaimon.processors.enrich.InteractionAnalyzer;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.json.AvroJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a baseline from a dataset file: JSON lines either in the ingest API's interaction shape (the features are
 * computed with the same {@link InteractionAnalyzer} the enrich stage runs, so offline and online features agree) or
 * feature rows ({@code {"response_chars": 812, "language": "en"}}). Malformed lines are reported and skipped.
 */
public final class BaselineFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselineFiles() {
    }

    public static BaselineProfile build(BaselineBuilder.Spec spec, Path file, PrintStream err) throws IOException {
        return build(spec, file, err, 0, "prompt");
    }

    /**
     * @param embeddings       vectors of the text sample to keep for embedding drift (0: none); interactions only
     * @param embeddingField   prompt or response (as {@code drift.embedding.field})
     */
    public static BaselineProfile build(BaselineBuilder.Spec spec, Path file, PrintStream err, int embeddings,
                                        String embeddingField) throws IOException {
        InteractionAnalyzer analyzer = InteractionAnalyzer.create(EnrichSettings.defaults(), Segments.defaults());
        List<Interaction> interactions = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    err.println("line " + lineNumber + ": skipped: malformed JSON: " + e.getOriginalMessage());
                    continue;
                }
                if (!node.isObject()) {
                    err.println("line " + lineNumber + ": skipped: expected a JSON object");
                } else if (node.has("model") && node.has("app")) {
                    com.fasterxml.jackson.databind.node.ObjectNode item = (com.fasterxml.jackson.databind.node.ObjectNode) node;
                    if (!item.has("interactionId")) {
                        item.put("interactionId", "baseline-" + lineNumber);
                    }
                    if (!item.has("timestamp")) {
                        item.put("timestamp", Instant.now().toString());
                    }
                    AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(item, Interaction.class, Integer.MAX_VALUE);
                    if (parsed.valid()) {
                        interactions.add(analyzer.analyze(parsed.record()).interaction());
                    } else {
                        err.println("line " + lineNumber + ": skipped: " + parsed.errors());
                    }
                } else {
                    rows.add(row(node));
                }
            }
        }
        if (!interactions.isEmpty() && !rows.isEmpty()) {
            throw new IllegalArgumentException(file + " mixes interactions and feature rows; use one shape per file");
        }
        if (interactions.isEmpty() && rows.isEmpty()) {
            throw new IllegalArgumentException(file + " has no usable line");
        }
        if (interactions.isEmpty()) {
            return BaselineBuilder.fromRows(spec, rows);
        }
        BaselineProfile baseline = BaselineBuilder.fromInteractions(spec, interactions);
        if (embeddings > 0) {
            baseline.setEmbeddings(EmbeddingBaselines.sample(interactions, embeddingField, embeddings,
                    "all-MiniLM-L6-v2-q", texts -> SentenceEmbedder.minilm().embedAll(texts)));
        }
        return baseline;
    }

    private static Map<String, Object> row(JsonNode node) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            row.put(field.getKey(), value.isNumber() ? value.doubleValue() : value.isNull() ? null : value.asText());
        }
        return row;
    }
}
