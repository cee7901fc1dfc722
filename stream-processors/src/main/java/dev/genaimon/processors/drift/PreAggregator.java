package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Per-task pre-aggregation of feature rows (v2 of the drift stage). v1 folded every row into the segment-window's
 * serialized profile in the window store, decoding and re-encoding every feature sketch and the ~65 KB Avro value per
 * record (about 1 ms of CPU per interaction). Here each task keeps live heap sketches per (segment, slice) and updates
 * them per row without serialization (~3–20 µs); a slice is an interval of gcd(window, advance), so every slice lies
 * wholly inside or outside each (tumbling or hopping) window and a partial profile stamped with any time inside its
 * slice falls into exactly the windows of its rows. The partials go through the repartition topic to the windowed
 * aggregate, which merges them into the store.
 *
 * <p>Exactly-once: the live sketches are flushed (forwarded as partial profiles) before every commit of the task —
 * {@link PreAggregateStore} is called by Kafka Streams right before it commits — and whenever more than
 * {@link #MAX_OPEN} partials are open. Forwarded partials are produced in the same transaction as the input offsets,
 * so after a crash exactly the committed rows are in the partials (and so in the changelogged window store), and the
 * rows since the last commit are read and aggregated again; the lost in-memory buffer held only those rows, and it is
 * emptied on close and on (re-)init, so a task revived after a dirty close does not count them twice.
 *
 * <p>Late rows: v1 judged lateness per row; v2 judges it per partial at the windowed aggregate. Rows of one slice
 * share their windows, so the outcome differs only when, within one commit interval, a newer row pushed stream time
 * past a window's close before an older row of that window arrived: v1 dropped the older row, v2 keeps it.
 */
final class PreAggregator implements Processor<String, FeatureRow, String, SegmentWindowProfile> {

    /** Open (segment, slice) partials per task before an early flush; bounds memory (~100 KB each at 30 features). */
    static final int MAX_OPEN = 256;

    private record Key(String segmentId, long slice) {
    }

    private static final class Partial {
        final Segment segment;
        final Map<String, FeatureProfile> features = new HashMap<>();
        long interactions;
        long maxTimestamp = Long.MIN_VALUE;

        Partial(Segment segment) {
            this.segment = segment;
        }
    }

    private final String storeName;
    private final long sliceMillis;
    private final int numericK;
    private final int categories;
    private final Map<Key, Partial> open = new LinkedHashMap<>();
    private ProcessorContext<String, SegmentWindowProfile> context;
    private InternalProcessorContext<?, ?> internal;
    private ProcessorNode<?, ?, ?, ?> node;

    PreAggregator(String storeName, DriftTopologySettings settings) {
        this.storeName = storeName;
        this.sliceMillis = gcd(settings.window().toMillis(), settings.advance().toMillis());
        this.numericK = settings.numericSketchK();
        this.categories = settings.categoricalMapSize();
    }

    @Override
    public void init(ProcessorContext<String, SegmentWindowProfile> context) {
        this.context = context;
        if (context instanceof InternalProcessorContext<?, ?> ipc && ipc.currentNode() != null) {
            this.internal = ipc;
            this.node = ipc.currentNode();
            PreAggregateStore store = context.getStateStore(storeName);
            store.hooks(this::flush, open::clear);
        }
    }

    @Override
    public void process(Record<String, FeatureRow> record) {
        FeatureRow row = record.value();
        String segmentId = row.getSegment().getId();
        long slice = Math.floorDiv(record.timestamp(), sliceMillis);
        Partial partial = open.computeIfAbsent(new Key(segmentId, slice), k -> new Partial(row.getSegment()));
        add(partial, row);
        partial.maxTimestamp = Math.max(partial.maxTimestamp, record.timestamp());
        if (internal == null) {
            // no commit hook (an unexpected context): forwarding at once is always exactly-once, only slower
            forwardAll();
        } else if (open.size() > MAX_OPEN) {
            flush(); // inside process(): the forwarded records join the current transaction like any output
        }
    }

    /**
     * Keeps the buffer: Kafka Streams closes the topology when it suspends a task (rebalance, shutdown) and commits it
     * afterwards, so the pre-commit flush still has to find these rows; {@link PreAggregateStore#close} empties it.
     */
    @Override
    public void close() {
    }

    private void add(Partial partial, FeatureRow row) {
        partial.interactions++;
        row.getNumeric().forEach((name, value) -> {
            FeatureProfile p = partial.features.computeIfAbsent(name, n -> FeatureProfile.numericFloats(numericK));
            if (p.kind() == FeatureProfile.Kind.NUMERIC && value != null) {
                p.update(value);
            }
        });
        row.getCategorical().forEach((name, value) -> {
            FeatureProfile p = partial.features.computeIfAbsent(name, n -> FeatureProfile.categorical(categories));
            if (p.kind() == FeatureProfile.Kind.CATEGORICAL) {
                p.update(value);
            }
        });
    }

    /** Called by {@link PreAggregateStore} right before Kafka Streams commits the task. */
    private void flush() {
        if (open.isEmpty()) {
            return;
        }
        ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
        ProcessorRecordContext previousRecord = internal.recordContext();
        try {
            internal.setCurrentNode(node);
            forwardAll();
        } finally {
            internal.setCurrentNode(previousNode);
            internal.setRecordContext(previousRecord);
        }
    }

    /** Forwards every open partial, oldest slice first (so an older window is not closed by a newer partial). */
    private void forwardAll() {
        List<Map.Entry<Key, Partial>> entries = new ArrayList<>(open.entrySet());
        open.clear();
        entries.sort(Comparator.comparingLong((Map.Entry<Key, Partial> e) -> e.getKey().slice())
                .thenComparing(e -> e.getKey().segmentId()));
        for (Map.Entry<Key, Partial> e : entries) {
            Partial partial = e.getValue();
            if (internal != null) {
                // the sink reads topic/partition/offset from the record context; a flush has no current record
                internal.setRecordContext(new ProcessorRecordContext(partial.maxTimestamp, -1, -1, null,
                        new RecordHeaders()));
            }
            context.forward(new Record<>(e.getKey().segmentId(), toProfile(partial), partial.maxTimestamp));
        }
    }

    private static SegmentWindowProfile toProfile(Partial partial) {
        Map<String, ByteBuffer> features = new HashMap<>();
        partial.features.forEach((name, p) -> features.put(name, ByteBuffer.wrap(p.toBytes())));
        return new SegmentWindowProfile(partial.segment, partial.interactions, null, null, features);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
