package dev.genaimon.processors.metrics;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.processors.InteractionEventTime;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.OpsWindow;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.serde.InteractionProjections;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
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
import org.apache.kafka.streams.state.WindowStore;

/**
 * The ops-metrics stage. Reads {@code genaimon.interactions.v1}; per segment and event-time tumbling window counts
 * requests, errors (by type), HTTP 429s, tokens, cost and tool calls and sketches latency and time to first token
 * (KLL), merged across partitions by repartitioning on the segment id; when a window closes (final results only)
 * publishes {@code ops.*}, {@code cost.usd} and {@code agent.*} {@code Signal}s to {@code genaimon.signals.v1}, keyed
 * {@code <segmentId>/<signalName>} (see docs/metrics-signals.md).
 *
 * <p>Names (stable across upgrades): repartition topic {@value #REPARTITION}, window store {@value #WINDOWS_STORE},
 * suppression buffer {@value #FINAL_BUFFER}; processors are all prefixed {@code ops-}.
 */
public final class OpsMetricsTopology {

    public static final String REPARTITION = "ops-by-segment";
    /** Window store: the open windows' counts and sketches. */
    public static final String WINDOWS_STORE = "ops-window-metrics";
    /** Suppression buffer holding each window until it closes. */
    public static final String FINAL_BUFFER = "ops-final-windows";

    private OpsMetricsTopology() {
    }

    /**
     * Adds the stage to {@code builder}. Undecodable input goes to the dead-letter topic through the application's
     * {@code DeadLetterHandler}; tombstones are skipped.
     *
     * @param settings window, grace, sketch and loop settings (validated by the record)
     * @param topics   the topic catalog (interactions in, signals out)
     * @param serdes   serdes of the {@link OpsWindow} repartition and store values
     * @param clock    stamps {@code emittedAt} of signals; everything else is a function of the input
     */
    public static void build(StreamsBuilder builder, OpsMetricsSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<OpsWindow> windowSerde = serdes.valueSerde(OpsWindow.class);
        Segments segments = new Segments(settings.segmentDimensions());
        int k = settings.sketchK();
        int loopRepeats = settings.loopRepeats();

        // a projection without the texts: ops reads ids, usage, latency, status, tool calls, features and safety
        EventTimeGuard.guard(builder.stream(topics.interactions().name(),
                        Consumed.with(keys, InteractionProjections.withoutTexts(serdes))
                        .withTimestampExtractor(new InteractionEventTime()).withName("ops-source")), "ops", clock)
                .filter((id, interaction) -> interaction != null, Named.as("ops-skip-tombstones"))
                // one interaction's counts, not the interaction: the text need not cross the network again
                .map((id, interaction) -> {
                    OpsWindow one = OpsWindows.of(interaction, segments, k, loopRepeats);
                    return KeyValue.pair(one.getSegment().getId(), one);
                }, Named.as("ops-measure"))
                .groupByKey(Grouped.with(REPARTITION, keys, windowSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.window(), settings.grace()))
                .reduce(OpsWindows::merge, Named.as("ops-window"),
                        Materialized.<String, OpsWindow, WindowStore<Bytes, byte[]>>as(WINDOWS_STORE)
                                .withKeySerde(keys).withValueSerde(windowSerde))
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName(FINAL_BUFFER))
                .toStream(Named.as("ops-closed-windows"))
                .flatMap((window, metrics) -> OpsWindows.signals(metrics, window.window().startTime(),
                                window.window().endTime(), clock.instant(), settings.signalMinSamples()).stream()
                        .map(s -> KeyValue.pair(window.key() + "/" + s.getName(), s)).toList(),
                        Named.as("ops-signals"))
                .to(topics.signals().name(),
                        Produced.with(keys, topics.signals().value()).withName("ops-sink-signals"));
    }
}
