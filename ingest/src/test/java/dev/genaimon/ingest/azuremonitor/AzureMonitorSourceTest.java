package dev.genaimon.ingest.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.SourceWatermark;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The source's transactions against MockProducer (no broker): what is committed together, what a failure undoes. */
class AzureMonitorSourceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T02:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());
    private final FakeWorkspace workspace = new FakeWorkspace();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private AzureMonitorSettings settings(int pageSize) {
        return new AzureMonitorSettings("ws-1", "AppDependencies", "TimeGenerated", "_ItemId",
                ColumnMapping.of(Map.of("app", "App", "model", "Model")), Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(10), pageSize, 100, 1000, Duration.ofMinutes(1));
    }

    private MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A consumer over the watermark topic holding the given committed records. */
    private MockConsumer<byte[], byte[]> watermarkConsumer(List<ProducerRecord<byte[], byte[]>> records) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        TopicPartition partition = new TopicPartition(Topics.AZURE_MONITOR_WATERMARKS, 0);
        consumer.updatePartitions(Topics.AZURE_MONITOR_WATERMARKS, List.of(new PartitionInfo(
                Topics.AZURE_MONITOR_WATERMARKS, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, (long) records.size()));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < records.size(); i++) {
                consumer.addRecord(new ConsumerRecord<>(partition.topic(), 0, i, records.get(i).key(),
                        records.get(i).value()));
            }
        });
        return consumer;
    }

    private AzureMonitorSource source(MockProducer<byte[], byte[]> producer, int pageSize,
                                      List<ProducerRecord<byte[], byte[]>> stored) {
        AzureMonitorSource source = new AzureMonitorSource(settings(pageSize), workspace, producer,
                () -> watermarkConsumer(stored), topics.interactionsRaw(), topics.dlq(),
                topics.azureMonitorWatermarks(), meters, CLOCK);
        source.open();
        return source;
    }

    private static List<ProducerRecord<byte[], byte[]>> on(MockProducer<byte[], byte[]> producer, String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private SourceWatermark lastWatermark(MockProducer<byte[], byte[]> producer) {
        List<ProducerRecord<byte[], byte[]>> marks = on(producer, Topics.AZURE_MONITOR_WATERMARKS);
        return topics.azureMonitorWatermarks().value().deserializer().deserialize(Topics.AZURE_MONITOR_WATERMARKS,
                marks.get(marks.size() - 1).value());
    }

    @Test
    void shouldCommitEachPageWithItsWatermarkInOneTransaction() {
        for (int i = 0; i < 5; i++) {
            workspace.add(NOW.minusSeconds(300 - i), "row-" + i, "gpt-4o");
        }
        MockProducer<byte[], byte[]> producer = producer();

        AzureMonitorSource.Poll poll = source(producer, 2, List.of()).pollOnce();

        assertThat(poll).isEqualTo(new AzureMonitorSource.Poll(3, 5, 0, 0, true));
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.commitCount()).isEqualTo(3);
        // per transaction: the page's interactions, then the watermark
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(
                Topics.INTERACTIONS_RAW, Topics.INTERACTIONS_RAW, Topics.AZURE_MONITOR_WATERMARKS,
                Topics.INTERACTIONS_RAW, Topics.INTERACTIONS_RAW, Topics.AZURE_MONITOR_WATERMARKS,
                Topics.INTERACTIONS_RAW, Topics.AZURE_MONITOR_WATERMARKS);
        SourceWatermark watermark = lastWatermark(producer);
        assertThat(watermark.getSourceKey()).isEqualTo("azure-monitor/ws-1");
        assertThat(watermark.getThrough()).as("caught up: read through now").isEqualTo(NOW);
        assertThat(watermark.getSeen()).hasSize(5);
        assertThat(watermark.getRowsWritten()).isEqualTo(5);
        Interaction first = topics.interactionsRaw().value().deserializer().deserialize(Topics.INTERACTIONS_RAW,
                producer.history().get(0).value());
        assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo(first.getInteractionId());
        assertThat(producer.history().get(0).timestamp()).isEqualTo(NOW.minusSeconds(300).toEpochMilli());
    }

    @Test
    void shouldWriteNothingTwiceWhenTheNextPollReadsTheOverlapAgain() {
        workspace.add(NOW.minusSeconds(60), "row-a", "gpt-4o");
        MockProducer<byte[], byte[]> producer = producer();
        AzureMonitorSource source = source(producer, 10, List.of());
        source.pollOnce();

        workspace.add(NOW.minusSeconds(90), "row-late", "gpt-4o"); // before the watermark, inside the overlap
        AzureMonitorSource.Poll again = source.pollOnce();

        assertThat(again.written()).isEqualTo(1);
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(on(producer, Topics.INTERACTIONS_RAW)).hasSize(2);
    }

    @Test
    void shouldGetPastAnOverlapOfManyPagesEvenWithOnePagePerPoll() {
        for (int i = 0; i < 5; i++) {
            workspace.add(NOW.minusSeconds(120 - i), "row-" + i, "gpt-4o");
        }
        MockProducer<byte[], byte[]> producer = producer();
        AzureMonitorSource source = new AzureMonitorSource(new AzureMonitorSettings("ws-1", "AppDependencies",
                "TimeGenerated", "_ItemId", ColumnMapping.of(Map.of("app", "App", "model", "Model")),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), 2, 1, 1000,
                Duration.ofMinutes(1)), workspace, producer, () -> watermarkConsumer(List.of()),
                topics.interactionsRaw(), topics.dlq(), topics.azureMonitorWatermarks(), meters, CLOCK);
        source.open();
        int polls = 1;
        while (!source.pollOnce().caughtUp() && polls < 10) {
            polls++;
        }
        assertThat(polls).as("one new page per poll: 2 + 2 + 1 rows").isEqualTo(3);
        workspace.add(NOW.minusSeconds(10), "row-new", "gpt-4o");

        AzureMonitorSource.Poll poll = source.pollOnce(); // two pages of already-written rows, then row-4 and row-new

        assertThat(poll.written()).isEqualTo(1);
        assertThat(poll.duplicates()).isEqualTo(5);
        assertThat(on(producer, Topics.INTERACTIONS_RAW)).hasSize(6);
    }

    @Test
    void shouldGoOnFromTheStoredWatermarkAfterARestart() {
        for (int i = 0; i < 4; i++) {
            workspace.add(NOW.minusSeconds(100), "row-" + i, "gpt-4o"); // one timestamp across both pages
        }
        MockProducer<byte[], byte[]> before = producer();
        workspace.failQuery = 2;
        AzureMonitorSource crashed = source(before, 2, List.of());
        assertThatThrownBy(crashed::pollOnce).hasMessageContaining("injected");
        assertThat(on(before, Topics.INTERACTIONS_RAW)).hasSize(2);

        MockProducer<byte[], byte[]> after = producer();
        AzureMonitorSource restarted = source(after, 2, on(before, Topics.AZURE_MONITOR_WATERMARKS));
        AzureMonitorSource.Poll poll = restarted.pollOnce();

        assertThat(poll.written()).isEqualTo(2);
        assertThat(poll.duplicates()).isEqualTo(2);
        assertThat(on(after, Topics.INTERACTIONS_RAW)).extracting(r -> topics.interactionsRaw().value()
                        .deserializer().deserialize(Topics.INTERACTIONS_RAW, r.value()).getAttributes()
                        .get("azure_monitor.row_id"))
                .containsExactly("row-2", "row-3");
    }

    @Test
    void shouldAbortAndKeepTheOldWatermarkWhenTheCommitFails() {
        workspace.add(NOW.minusSeconds(30), "row-a", "gpt-4o");
        MockProducer<byte[], byte[]> producer = producer();
        AzureMonitorSource source = source(producer, 10, List.of());
        Instant before = source.progress().through();
        producer.commitTransactionException = new KafkaException("coordinator went away");

        assertThatThrownBy(source::pollOnce).hasMessageContaining("coordinator went away");

        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(source.progress().through()).isEqualTo(before);
        assertThat(meters.counter("genaimon.azure_monitor.polls", "outcome", "failed").count()).isEqualTo(1.0);

        producer.commitTransactionException = null;
        AzureMonitorSource.Poll retry = source.pollOnce();
        assertThat(retry.written()).isEqualTo(1);
        assertThat(on(producer, Topics.INTERACTIONS_RAW)).hasSize(1);
    }

    @Test
    void shouldDeadLetterARowThatCannotBeMappedInTheSameTransaction() {
        workspace.add(NOW.minusSeconds(30), "row-ok", "gpt-4o");
        workspace.add(NOW.minusSeconds(20), "row-bad", "");
        MockProducer<byte[], byte[]> producer = producer();

        AzureMonitorSource.Poll poll = source(producer, 10, List.of()).pollOnce();

        assertThat(poll.deadLettered()).isEqualTo(1);
        assertThat(producer.commitCount()).isEqualTo(1);
        DeadLetter letter = topics.dlq().value().deserializer().deserialize(Topics.DLQ,
                on(producer, Topics.DLQ).get(0).value());
        assertThat(letter.getStage()).isEqualTo("ingest-azure-monitor");
        assertThat(letter.getReason()).isEqualTo("MAPPING_FAILED");
        assertThat(letter.getMessage()).contains("model (column Model) is required");
        assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).contains("\"_ItemId\":\"row-bad\"");
        assertThat(lastWatermark(producer).getRowsDeadLettered()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAResultWithoutTheIdColumn() {
        workspace.add(NOW.minusSeconds(30), "row-a", "gpt-4o");
        AzureMonitorSettings noId = new AzureMonitorSettings("ws-1", "AppDependencies", "TimeGenerated", "Id",
                ColumnMapping.of(Map.of("app", "App", "model", "Model")), Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(10), 10, 100, 1000, Duration.ofMinutes(1));
        MockProducer<byte[], byte[]> producer = producer();
        AzureMonitorSource source = new AzureMonitorSource(noId, (kql, after, until) -> workspace.run(
                kql.replace("_ItemId", "Id"), after, until), producer, () -> watermarkConsumer(List.of()),
                topics.interactionsRaw(), topics.dlq(), topics.azureMonitorWatermarks(), meters, CLOCK);
        source.open();

        assertThatThrownBy(source::pollOnce).hasMessageContaining("the query result has no column 'Id'");
        assertThat(producer.history()).isEmpty();
    }
}
