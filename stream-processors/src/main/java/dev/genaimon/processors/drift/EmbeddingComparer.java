package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.EmbeddingDrift;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.EmbeddingSample;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.TextSample;
import dev.genaimon.schemas.avro.TextSampleItem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives each segment-window's text sample once, when the window has closed; embeds it in one batch and compares
 * it with the active baseline's embedding sample, or else with the segment's previous window; then remembers it as the
 * previous window. A failing embedder gives a report that says so and no signals; the stream goes on.
 */
final class EmbeddingComparer implements Processor<Windowed<String>, TextSample, String, DriftTopology.WindowResult> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingComparer.class);

    private final EmbeddingDriftSettings settings;
    private final Function<List<String>, List<float[]>> embedder;
    private final EmbeddingDrift drift;
    private final Clock clock;
    private ProcessorContext<String, DriftTopology.WindowResult> context;
    private KeyValueStore<String, TextSample> previous;
    private KeyValueStore<String, ValueAndTimestamp<BaselineProfile>> baselines;

    EmbeddingComparer(EmbeddingDriftSettings settings, Function<List<String>, List<float[]>> embedder, Clock clock) {
        this.settings = settings;
        this.embedder = embedder;
        this.drift = new EmbeddingDrift(settings.statistics());
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftTopology.WindowResult> context) {
        this.context = context;
        this.previous = context.getStateStore(EmbeddingDriftTopology.PREVIOUS_STORE);
        this.baselines = context.getStateStore(EmbeddingDriftTopology.BASELINES_STORE);
    }

    @Override
    public void process(Record<Windowed<String>, TextSample> record) {
        String segmentId = record.key().key();
        TextSample sample = record.value();
        Instant start = record.key().window().startTime();
        Instant end = record.key().window().endTime();
        Segment segment = sample.getSegment() != null ? sample.getSegment()
                : Segment.newBuilder().setId(segmentId).setLabels(Map.of()).build();
        List<String> texts = texts(sample);

        Optional<BaselineProfile> baseline = baselineWithEmbeddings(segmentId);
        TextSample before = previous.get(segmentId);
        String kind = baseline.map(BaselineProfile::getKind).orElse(Baselines.TRAILING);
        String baselineId = baseline.map(BaselineProfile::getBaselineId).orElse(null);
        String reportId = segmentId + "@" + start + "/embedding";
        List<Signal> signals = new ArrayList<>();
        int streak = 0;
        dev.genaimon.schemas.avro.EmbeddingDrift embedding;
        try {
            EmbeddingDrift.Result result;
            if (baseline.isPresent()) {
                result = drift.compare(vectors(baseline.get().getEmbeddings()), null, embedder.apply(texts), texts);
            } else if (before != null && !before.getItems().isEmpty()) {
                List<String> reference = texts(before);
                List<float[]> vectors = embedder.apply(concat(reference, texts));
                result = drift.compare(vectors.subList(0, reference.size()), reference,
                        vectors.subList(reference.size(), vectors.size()), texts);
            } else {
                result = null; // the segment's first window: nothing to compare with yet
            }
            embedding = result == null ? null : report(result);
            if (result != null && !result.insufficientData()) {
                streak = result.drifted() ? (before == null ? 0 : before.getDriftStreak()) + 1 : 0;
                signals = signals(segment, Baselines.signalPrefix(kind), result, streak, reportId, baselineId, kind,
                        start, end);
            }
        } catch (RuntimeException e) {
            // the model failed: the report carries no embedding part and no signal is made; the stream goes on
            LOG.warn("Embedding drift of segment {} window {} not computed: {}", segmentId, start, e.toString());
            embedding = null;
        }
        previous.put(segmentId, TextSample.newBuilder(sample).setDriftStreak(streak).build());
        DriftReport report = DriftReport.newBuilder()
                .setReportId(reportId)
                .setSegment(segment)
                .setWindowStart(start).setWindowEnd(end)
                .setBaselineId(baselineId)
                .setBaselineKind(kind)
                .setFeatures(List.of())
                .setEmbedding(embedding)
                .setCreatedAt(clock.instant())
                .build();
        context.forward(record.withKey(segmentId).withValue(new DriftTopology.WindowResult(report, signals)));
    }

    private Optional<BaselineProfile> baselineWithEmbeddings(String segmentId) {
        List<BaselineProfile> candidates = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<BaselineProfile>> all = baselines.all()) {
            all.forEachRemaining(kv -> {
                BaselineProfile b = kv.value == null ? null : kv.value.value();
                EmbeddingSample e = b == null ? null : b.getEmbeddings();
                if (e != null && e.getCount() >= settings.statistics().minSamples()) {
                    candidates.add(b);
                }
            });
        }
        return Baselines.select(candidates, segmentId);
    }

    private static dev.genaimon.schemas.avro.EmbeddingDrift report(EmbeddingDrift.Result result) {
        return dev.genaimon.schemas.avro.EmbeddingDrift.newBuilder()
                .setMmd(result.mmd())
                .setMmdPValue(result.pValue())
                .setCentroidCosineDistance(result.centroidCosineDistance())
                .setSampleSize(result.currentSize())
                .setMovedTopics(result.movedTopics().stream().map(EmbeddingDrift.TopicShift::describe).toList())
                .build();
    }

    private List<Signal> signals(Segment segment, String prefix, EmbeddingDrift.Result result, int streak,
                                 String reportId, String baselineId, String kind, Instant start, Instant end) {
        Evidence evidence = Evidence.newBuilder()
                .setReportIds(List.of(reportId))
                .setBaselineIds(baselineId == null ? List.of() : List.of(baselineId))
                .setFeatures(List.of("embedding"))
                .setWindowStart(start).setWindowEnd(end)
                .setNote(String.format(java.util.Locale.ROOT, "MMD p = %.4f, drifting %d of %d windows; ",
                        result.pValue(), streak, settings.consecutiveWindows())
                        + (result.movedTopics().isEmpty() ? "no topic moved by 10 points or more"
                        : "topics moved: " + String.join("; ",
                                result.movedTopics().stream().limit(3).map(EmbeddingDrift.TopicShift::describe).toList())))
                .build();
        Map<String, String> labels = Map.of("feature", "embedding", "reference", kind);
        Instant now = clock.instant();
        boolean detected = streak >= settings.consecutiveWindows();
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        values.put(".embedding.mmd_p", result.pValue());
        values.put(".embedding.mmd", result.mmd());
        values.put(".embedding.centroid_distance", result.centroidCosineDistance());
        values.put(".embedding.detected", detected ? 1.0 : 0.0);
        List<Signal> out = new ArrayList<>(values.size());
        values.forEach((name, value) -> out.add(WindowComparison.signal(segment, prefix + name, value,
                result.currentSize(), labels, evidence, start, end, now)));
        return out;
    }

    /** Decodes a baseline's count x dimension little-endian float32 matrix. */
    static List<float[]> vectors(EmbeddingSample sample) {
        ByteBuffer bytes = sample.getVectors().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> out = new ArrayList<>(sample.getCount());
        for (int i = 0; i < sample.getCount(); i++) {
            float[] v = new float[sample.getDimension()];
            for (int t = 0; t < v.length; t++) {
                v[t] = bytes.getFloat();
            }
            out.add(v);
        }
        return out;
    }

    /** Encodes vectors the way {@link #vectors} reads them (for baselines). */
    static ByteBuffer encode(List<float[]> vectors, int dimension) {
        ByteBuffer bytes = ByteBuffer.allocate(vectors.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) {
            for (float f : v) {
                bytes.putFloat(f);
            }
        }
        return bytes.flip();
    }

    private static List<String> texts(TextSample sample) {
        return sample.getItems().stream().map(TextSampleItem::getText).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
