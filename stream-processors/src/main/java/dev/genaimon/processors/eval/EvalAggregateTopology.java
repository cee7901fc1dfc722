package dev.genaimon.processors.eval;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.schemas.avro.EvalWindow;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The eval-aggregate stage. Reads {@code genaimon.eval-scores.v1}; per segment, evaluator and event-time tumbling
 * window (event time = the interaction's timestamp, so a slow worker does not shift scores into later windows) counts
 * results, errors, verdicts and sums scores, merged across partitions by repartitioning on
 * {@code <segmentId>/<evaluator>}; when the window closes (final results only) publishes {@code eval.<name>.count},
 * {@code .error_count}, {@code .mean} and {@code .pass_rate} {@code Signal}s keyed {@code <segmentId>/<signal>}.
 *
 * <p>Names: repartition topic {@value #REPARTITION}, window store {@value #WINDOWS_STORE}, suppression buffer
 * {@value #FINAL_BUFFER}; processors are prefixed {@code eval-agg-}.
 */
public final class EvalAggregateTopology {

    public static final String REPARTITION = "eval-agg-by-segment";
    public static final String WINDOWS_STORE = "eval-agg-windows";
    public static final String FINAL_BUFFER = "eval-agg-final-windows";

    private EvalAggregateTopology() {
    }

    /**
     * @param clock stamps {@code emittedAt} of the signals
     */
    public static void build(StreamsBuilder builder, EvalAggregateSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<EvalWindow> windowSerde = serdes.valueSerde(EvalWindow.class);
        EventTimeGuard.guard(builder.stream(topics.evalScores().name(), Consumed.with(keys, topics.evalScores().value())
                        .withTimestampExtractor(new ResultEventTime()).withName("eval-agg-source")), "eval-agg", clock)
                .filter((key, result) -> result != null, Named.as("eval-agg-skip-tombstones"))
                .map((key, result) -> {
                    EvalWindow one = EvalWindows.of(result);
                    return KeyValue.pair(one.getSegment().getId() + "/" + one.getEvaluator(), one);
                }, Named.as("eval-agg-measure"))
                .groupByKey(Grouped.with(REPARTITION, keys, windowSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.window(), settings.grace()))
                .reduce(EvalWindows::merge, Named.as("eval-agg-window"),
                        Materialized.<String, EvalWindow, WindowStore<Bytes, byte[]>>as(WINDOWS_STORE)
                                .withKeySerde(keys).withValueSerde(windowSerde))
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName(FINAL_BUFFER))
                .toStream(Named.as("eval-agg-closed-windows"))
                .flatMap((window, scores) -> EvalWindows.signals(scores, window.window().startTime(),
                                window.window().endTime(), clock.instant()).stream()
                        .map(s -> KeyValue.pair(s.getSegment().getId() + "/" + s.getName(), s)).toList(),
                        Named.as("eval-agg-signals"))
                .to(topics.signals().name(), Produced.with(keys, topics.signals().value())
                        .withName("eval-agg-sink-signals"));
    }

    /** Event time of a score is its interaction's timestamp. */
    static final class ResultEventTime implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if (record.value() instanceof EvaluationResult result && result.getInteractionTimestamp() != null) {
                return result.getInteractionTimestamp().toEpochMilli();
            }
            return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
        }
    }
}
