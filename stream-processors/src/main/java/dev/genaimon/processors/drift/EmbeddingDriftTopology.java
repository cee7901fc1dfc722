package dev.genaimon.processors.drift;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.processors.InteractionEventTime;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.TextSample;
import dev.genaimon.schemas.avro.TextSampleItem;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.serde.InteractionProjections;
import dev.genaimon.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Text drift: per segment and event-time window, a deterministic sample of the (redacted) prompts or responses is
 * embedded with the bundled sentence model when the window closes and compared with the segment's reference by an MMD
 * two-sample test ({@link dev.genaimon.evaluators.drift.EmbeddingDrift}). The reference is the active baseline's
 * embedding sample when it has one, else the segment's previous window. Writes a {@code DriftReport} with the
 * {@code embedding} part (no feature rows) and signals {@code drift.embedding.mmd_p}, {@code .mmd},
 * {@code .centroid_distance}, {@code .detected} ({@code skew.embedding.*} against evaluation baselines).
 *
 * <p>Why this shape: embedding every record on a stream thread would cap the stage at the model's ~400 sentences/s,
 * so only a hash-chosen share of the interactions ({@code sampleRate}) is repartitioned, the window keeps the
 * bottom-k of them by hash (the same sample whatever the partition order or replay), and the model runs once per
 * closed segment-window on at most {@code sampleSize} texts in one batch.
 *
 * <p>Names: repartition topic {@value #REPARTITION}, window store {@value #SAMPLES_STORE}, key-value store
 * {@value #PREVIOUS_STORE}, global store {@value #BASELINES_STORE}; processors prefixed {@code drift-embedding-}.
 */
public final class EmbeddingDriftTopology {

    public static final String REPARTITION = "drift-embedding-by-segment";
    public static final String SAMPLES_STORE = "drift-embedding-samples";
    /** The previous closed window's sample per segment: the reference when no baseline has embeddings. */
    public static final String PREVIOUS_STORE = "drift-embedding-previous";
    public static final String BASELINES_STORE = "drift-embedding-baselines";

    private EmbeddingDriftTopology() {
    }

    /**
     * @param embedder embeds a batch of texts (one L2-normalised vector per text, in order); the bundled MiniLM in
     *                 production, called once per closed segment-window
     */
    public static void build(StreamsBuilder builder, EmbeddingDriftSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock, Function<List<String>, List<float[]>> embedder) {
        Serde<String> keys = Serdes.String();
        Serde<TextSample> sampleSerde = serdes.valueSerde(TextSample.class);
        Segments segments = new Segments(settings.segmentDimensions());

        builder.globalTable(topics.baselines().name(),
                Consumed.with(keys, topics.baselines().value()).withName("drift-embedding-baselines-source"),
                Materialized.<String, BaselineProfile, KeyValueStore<Bytes, byte[]>>as(BASELINES_STORE)
                        .withKeySerde(keys).withValueSerde(topics.baselines().value()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PREVIOUS_STORE), keys,
                sampleSerde));

        KStream<String, DriftTopology.WindowResult> results = EventTimeGuard.guard(builder
                .stream(topics.interactions().name(), Consumed.with(keys, InteractionProjections.promptAndResponse(serdes))
                        .withTimestampExtractor(new InteractionEventTime()).withName("drift-embedding-source")),
                        "drift-embedding", clock)
                .flatMap((id, interaction) -> offer(id, interaction, settings, segments),
                        Named.as("drift-embedding-offer"))
                .groupByKey(Grouped.with(REPARTITION, keys, sampleSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.window(), settings.grace()))
                .aggregate(EmbeddingDriftTopology::emptySample,
                        (segment, offered, sample) -> merge(sample, offered, settings.sampleSize()),
                        Named.as("drift-embedding-sample"),
                        Materialized.<String, TextSample, WindowStore<Bytes, byte[]>>as(SAMPLES_STORE)
                                .withKeySerde(keys).withValueSerde(sampleSerde).withRetention(settings.retention()))
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("drift-embedding-final-samples"))
                .toStream(Named.as("drift-embedding-closed-windows"))
                .process(() -> new EmbeddingComparer(settings, embedder, clock), Named.as("drift-embedding-compare"),
                        PREVIOUS_STORE);

        results.mapValues(DriftTopology.WindowResult::report, Named.as("drift-embedding-report"))
                .to(topics.driftReports().name(),
                        Produced.with(keys, topics.driftReports().value()).withName("drift-embedding-sink-reports"));
        results.flatMap((segmentId, result) -> result.signals().stream()
                        .map(s -> KeyValue.pair(segmentId + "/" + s.getName(), s)).toList(),
                        Named.as("drift-embedding-signals"))
                .to(topics.signals().name(),
                        Produced.with(keys, topics.signals().value()).withName("drift-embedding-sink-signals"));
    }

    /** The one-item sample an interaction offers, when the hash of its id picks it and it has the text. */
    static List<KeyValue<String, TextSample>> offer(String id, Interaction interaction, EmbeddingDriftSettings settings,
                                                   Segments segments) {
        if (interaction == null || id == null) {
            return List.of();
        }
        long hash = hash(id);
        if (unit(hash) >= settings.sampleRate()) {
            return List.of();
        }
        String text = text(interaction, settings.field());
        if (text == null || text.isBlank()) {
            return List.of(); // metadata-only tenants and embeddings calls carry no text
        }
        if (text.length() > settings.maxChars()) {
            text = text.substring(0, settings.maxChars());
        }
        var segment = segments.of(interaction);
        TextSample one = TextSample.newBuilder().setSegment(segment)
                .setItems(List.of(new TextSampleItem(hash, text))).setSeen(1).build();
        return List.of(KeyValue.pair(segment.getId(), one));
    }

    static TextSample emptySample() {
        return TextSample.newBuilder().setItems(new ArrayList<>()).setSeen(0).build();
    }

    /** Bottom-k merge: the {@code size} smallest hashes of both, ordered by hash (ties by text, for determinism). */
    static TextSample merge(TextSample sample, TextSample offered, int size) {
        List<TextSampleItem> all = new ArrayList<>(sample.getItems().size() + offered.getItems().size());
        all.addAll(sample.getItems());
        all.addAll(offered.getItems());
        all.sort((a, b) -> a.getHash() != b.getHash() ? Long.compareUnsigned(a.getHash(), b.getHash())
                : a.getText().compareTo(b.getText()));
        List<TextSampleItem> kept = new ArrayList<>(Math.min(size, all.size()));
        for (TextSampleItem item : all) {
            if (kept.size() == size) {
                break;
            }
            if (kept.isEmpty() || kept.get(kept.size() - 1).getHash() != item.getHash()) {
                kept.add(item); // the same interaction offered twice (a replayed input) counts once
            }
        }
        return TextSample.newBuilder()
                .setSegment(sample.getSegment() != null ? sample.getSegment() : offered.getSegment())
                .setItems(kept).setSeen(sample.getSeen() + offered.getSeen()).build();
    }

    /** The text the stage embeds for {@code field} (prompt: the last user message), or null. */
    static String text(Interaction interaction, String field) {
        return EmbeddingDriftSettings.RESPONSE.equals(field) ? interaction.getResponse() : lastUserMessage(interaction);
    }

    private static String lastUserMessage(Interaction interaction) {
        List<Message> messages = interaction.getMessages();
        if (messages == null) {
            return null;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).getRole())) {
                return messages.get(i).getContent();
            }
        }
        return null;
    }

    /** FNV-1a 64 of the UTF-8 bytes, finished with the SplitMix64 mixer so every bit is usable. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** The hash as a uniform number in [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
