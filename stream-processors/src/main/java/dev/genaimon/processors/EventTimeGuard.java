package dev.genaimon.processors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Keeps records whose event time lies too far in the future out of windowed topologies. Such a record (a client with a
 * wrong clock, a replay with shifted timestamps, a producer writing straight to a topic) did two kinds of damage: it
 * pushed stream time ahead, so every window up to it closed at once and all on-time traffic after it was dropped as
 * late; and its timestamp travelled with it into the stage's repartition topic, where a broker rejects it
 * ({@code log.message.timestamp.after.max.ms}, 1 h by default since Kafka 4.0) - an {@code InvalidTimestampException}
 * that is fatal for the stream thread, so the stage stopped (seen in session 2 on the drift stage).
 *
 * <p>The guard sits right behind the source of every stage whose windows follow event time. A record more than
 * {@link #MAX_FUTURE_SKEW_CONFIG} (default {@link #DEFAULT_MAX_FUTURE_SKEW}) ahead of the stage's clock is thrown out
 * as an {@link EventTimeTooFarInFutureException}, which the processing exception handler writes to the dead-letter
 * topic with reason {@value EventTimeTooFarInFutureException#REASON}; the stream goes on. Dropping (not clamping) is
 * deliberate: a clamped record would still move stream time and land in a window it does not belong to.
 */
public final class EventTimeGuard {

    /** Streams config key (milliseconds or a {@link Duration} string) read by every guard of the application. */
    public static final String MAX_FUTURE_SKEW_CONFIG = "genaimon.event-time.max-future-skew";
    /** Default: the broker's default {@code log.message.timestamp.after.max.ms} and ingest's default skew. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);

    private EventTimeGuard() {
    }

    /**
     * @param stream the stream right after its source (timestamps are the extracted event times)
     * @param prefix the stage's processor prefix, e.g. {@code drift}: the guard is named {@code <prefix>-event-time-guard}
     * @param clock  the stage's clock; "now" for the comparison
     */
    public static <K, V> KStream<K, V> guard(KStream<K, V> stream, String prefix, Clock clock) {
        return stream.processValues(() -> new Check<K, V>(clock), Named.as(prefix + "-event-time-guard"));
    }

    /** The configured skew, or the default when absent; a value that is not a positive duration fails at startup. */
    static Duration maxFutureSkew(Map<String, Object> configs) {
        Object value = configs.get(MAX_FUTURE_SKEW_CONFIG);
        if (value == null) {
            return DEFAULT_MAX_FUTURE_SKEW;
        }
        Duration skew = value instanceof Duration d ? d
                : value instanceof Number n ? Duration.ofMillis(n.longValue())
                : value.toString().matches("\\d+") ? Duration.ofMillis(Long.parseLong(value.toString()))
                : Duration.parse(value.toString());
        if (skew.isNegative() || skew.isZero()) {
            throw new IllegalArgumentException(MAX_FUTURE_SKEW_CONFIG + " must be positive, got " + value);
        }
        return skew;
    }

    private static final class Check<K, V> implements FixedKeyProcessor<K, V, V> {

        private final Clock clock;
        private long maxSkewMillis;
        private FixedKeyProcessorContext<K, V> context;

        Check(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void init(FixedKeyProcessorContext<K, V> context) {
            this.context = context;
            this.maxSkewMillis = maxFutureSkew(context.appConfigs()).toMillis();
        }

        @Override
        public void process(FixedKeyRecord<K, V> record) {
            long now = clock.millis();
            if (record.timestamp() - now > maxSkewMillis) {
                throw new EventTimeTooFarInFutureException(Instant.ofEpochMilli(record.timestamp()),
                        Instant.ofEpochMilli(now), Duration.ofMillis(maxSkewMillis));
            }
            context.forward(record);
        }
    }
}
