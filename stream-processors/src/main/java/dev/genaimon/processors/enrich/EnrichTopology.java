package dev.genaimon.processors.enrich;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.SafetyWindow;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import dev.genaimon.evaluators.safety.harm.HarmfulComplianceDetector;
import java.time.Clock;
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
import org.apache.kafka.streams.state.WindowStore;

/**
 * The enrich stage, the pipeline's security gate: {@code genaimon.interactions.raw.v1} in; the redacted interaction
 * with features and safety results to {@code genaimon.interactions.v1}, the flags to
 * {@code genaimon.safety-flags.v1}, and per segment and window the safety rates to {@code genaimon.signals.v1}.
 * Stateless per record (the analysis is local CPU work, no network); the only state is the windowed counts, which
 * hold no text. Every processor, store and repartition topic is named so upgrades keep their state.
 */
public final class EnrichTopology {

    public static final String COUNTS_STORE = "enrich-safety-counts";

    private EnrichTopology() {
    }

    /**
     * @param analyze the per-record analysis, normally {@link InteractionAnalyzer#analyze}; an exception sends the
     *                record to the dead-letter topic (see {@code DeadLetterHandler}) and the stream goes on
     * @param clock   stamps {@code emittedAt} of signals
     */
    public static void build(StreamsBuilder builder, EnrichSettings settings, Topics topics, AvroSerdes serdes,
                             Function<Interaction, InteractionAnalyzer.Result> analyze, Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<SafetyWindow> windowSerde = serdes.valueSerde(SafetyWindow.class);

        KStream<String, InteractionAnalyzer.Result> analyzed = EventTimeGuard.guard(builder
                .stream(topics.interactionsRaw().name(),
                        Consumed.with(keys, topics.interactionsRaw().value()).withName("enrich-source")), "enrich", clock)
                .filter((id, interaction) -> interaction != null, Named.as("enrich-skip-tombstones"))
                .mapValues(analyze::apply, Named.as("enrich-analyze"));

        analyzed.mapValues(InteractionAnalyzer.Result::interaction, Named.as("enrich-interaction"))
                .to(topics.interactions().name(),
                        Produced.with(keys, topics.interactions().value()).withName("enrich-sink-interactions"));
        analyzed.mapValues(InteractionAnalyzer.Result::flags, Named.as("enrich-flags"))
                .to(topics.safetyFlags().name(),
                        Produced.with(keys, topics.safetyFlags().value()).withName("enrich-sink-flags"));

        analyzed.map((id, result) -> KeyValue.pair(result.flags().getSegment().getId(),
                        SafetyWindows.of(result.flags(), HarmfulComplianceDetector.DEFAULT_THRESHOLD)), Named.as("enrich-by-segment"))
                .groupByKey(Grouped.with("enrich-safety-by-segment", keys, windowSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.signalWindow(), settings.grace()))
                .reduce(SafetyWindows::merge, Named.as("enrich-safety-window"),
                        Materialized.<String, SafetyWindow, WindowStore<Bytes, byte[]>>as(COUNTS_STORE)
                                .withKeySerde(keys).withValueSerde(windowSerde))
                .suppress(Suppressed.<org.apache.kafka.streams.kstream.Windowed<String>>untilWindowCloses(
                        Suppressed.BufferConfig.unbounded()).withName("enrich-safety-final"))
                .toStream(Named.as("enrich-safety-closed"))
                .flatMap((window, counts) -> {
                    List<Signal> signals = SafetyWindows.signals(counts, window.window().startTime(),
                            window.window().endTime(), clock.instant(), settings.signalMinSamples());
                    return signals.stream().map(s -> KeyValue.pair(s.getSegment().getId() + "/" + s.getName(), s))
                            .toList();
                }, Named.as("enrich-signals"))
                .to(topics.signals().name(),
                        Produced.with(keys, topics.signals().value()).withName("enrich-sink-signals"));
    }
}
