package dev.genaimon.processors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregator between commits, which TopologyTestDriver never shows (it commits after every record): a stand-in
 * for Kafka Streams' internal context records what is forwarded, and the test plays the commits and the crashes.
 */
class PreAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Segment A = new Segment("acme/bot/chat/-", Map.of("tenant", "acme"));
    private static final Segment B = new Segment("acme/other/chat/-", Map.of("tenant", "acme"));

    private final PreAggregateStore hook = new PreAggregateStore(DriftTopology.PRE_AGGREGATE_STORE);
    private final List<Record<String, SegmentWindowProfile>> forwarded = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private ProcessorContext<String, SegmentWindowProfile> context() {
        ProcessorNode<?, ?, ?, ?> node = new ProcessorNode<>("drift-pre-aggregate");
        Object[] current = {node, null};
        return (ProcessorContext<String, SegmentWindowProfile>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InternalProcessorContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "currentNode" -> current[0];
                    case "setCurrentNode" -> {
                        current[0] = args[0];
                        yield null;
                    }
                    case "recordContext" -> current[1];
                    case "setRecordContext" -> {
                        current[1] = args[0];
                        yield null;
                    }
                    case "getStateStore" -> hook;
                    case "forward" -> {
                        forwarded.add((Record<String, SegmentWindowProfile>) args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Record<String, FeatureRow> row(Segment segment, Instant at, double value) {
        return new Record<>("i", new FeatureRow(segment, new HashMap<>(Map.of("x", value)),
                new HashMap<>(Map.of("c", value > 0 ? "pos" : "neg"))), at.toEpochMilli());
    }

    private long interactions(String segment) {
        return forwarded.stream().filter(r -> r.key().equals(segment)).mapToLong(r -> r.value().getInteractions()).sum();
    }

    @Test
    void shouldForwardNothingBetweenCommitsAndOnePartialPerSegmentAndSliceAtACommit() {
        PreAggregator aggregator = new PreAggregator(DriftTopology.PRE_AGGREGATE_STORE,
                DriftTopologySettings.tumbling(Duration.ofMinutes(10), Duration.ZERO));
        aggregator.init(context());
        assertThat(hook.hooked()).isTrue();
        for (int i = 0; i < 50; i++) {
            aggregator.process(row(A, T0.plusSeconds(i), i));
            aggregator.process(row(B, T0.plusSeconds(i), -i));
        }
        aggregator.process(row(A, T0.plus(Duration.ofMinutes(10)), 1)); // the next window
        assertThat(forwarded).isEmpty();

        hook.flushCache(); // what Kafka Streams does right before it commits
        assertThat(forwarded).hasSize(3);
        assertThat(forwarded.get(2).timestamp()).isEqualTo(T0.plus(Duration.ofMinutes(10)).toEpochMilli());
        assertThat(interactions(A.getId())).isEqualTo(51);
        assertThat(interactions(B.getId())).isEqualTo(50);
        Record<String, SegmentWindowProfile> first = forwarded.get(0);
        assertThat(first.timestamp()).isEqualTo(T0.plusSeconds(49).toEpochMilli()); // inside the slice of its rows
        assertThat(WindowProfiles.decode(first.value()).get("x").count()).isEqualTo(50);

        hook.flushCache(); // a commit with nothing new forwards nothing
        assertThat(forwarded).hasSize(3);
    }

    @Test
    void shouldNotCountRowsTwiceWhenATaskIsRevivedAfterACrashBetweenCommits() {
        PreAggregator aggregator = new PreAggregator(DriftTopology.PRE_AGGREGATE_STORE,
                DriftTopologySettings.tumbling(Duration.ofMinutes(10), Duration.ZERO));
        aggregator.init(context());
        for (int i = 0; i < 20; i++) {
            aggregator.process(row(A, T0.plusSeconds(i), i));
        }
        hook.flushCache(); // commit 1: rows 0..19
        for (int i = 20; i < 30; i++) {
            aggregator.process(row(A, T0.plusSeconds(i), i));
        }
        // crash before commit 2: the transaction is aborted, Kafka Streams closes the task dirty (processors and
        // stores) and revives it with the same processor instance, which reads rows 20..29 again
        aggregator.close();
        hook.close();
        aggregator.init(context());
        for (int i = 20; i < 30; i++) {
            aggregator.process(row(A, T0.plusSeconds(i), i));
        }
        hook.flushCache(); // commit 2
        assertThat(interactions(A.getId())).isEqualTo(30);
    }

    @Test
    void shouldKeepTheBufferWhenASuspendingTaskClosesItsTopologyBeforeTheLastCommit() {
        PreAggregator aggregator = new PreAggregator(DriftTopology.PRE_AGGREGATE_STORE,
                DriftTopologySettings.tumbling(Duration.ofMinutes(10), Duration.ZERO));
        aggregator.init(context());
        for (int i = 0; i < 15; i++) {
            aggregator.process(row(A, T0.plusSeconds(i), i));
        }
        // StreamTask.suspend() closes the processors, then the task is committed (rebalance, clean shutdown)
        aggregator.close();
        hook.flushCache();
        assertThat(interactions(A.getId())).isEqualTo(15);
    }

    @Test
    void shouldFlushEarlyWhenTooManyPartialsAreOpen() {
        PreAggregator aggregator = new PreAggregator(DriftTopology.PRE_AGGREGATE_STORE,
                DriftTopologySettings.tumbling(Duration.ofMinutes(1), Duration.ZERO));
        aggregator.init(context());
        for (int i = 0; i <= PreAggregator.MAX_OPEN; i++) {
            aggregator.process(row(A, T0.plus(Duration.ofMinutes(i)), i));
        }
        assertThat(forwarded).hasSize(PreAggregator.MAX_OPEN + 1);
        // oldest first, so a newer partial never closes the window of an older one before it arrives
        assertThat(forwarded).extracting(Record::timestamp).isSorted();
        aggregator.process(row(A, T0, 0));
        assertThat(forwarded).hasSize(PreAggregator.MAX_OPEN + 1);
    }
}
