package dev.genaimon.app.demo;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what the pipeline concludes while the demo runs: signals, alert transitions and retraining triggers written
 * since the demo started (read committed, without a consumer group). {@link #view} is a consistent copy.
 */
final class DemoWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWatcher.class);

    /** What has been seen so far, in arrival order. */
    record View(List<Signal> signals, List<AlertEvent> alerts, List<RetrainingTrigger> triggers) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<Signal> signals;
    private final Deserializer<AlertEvent> alerts;
    private final Deserializer<RetrainingTrigger> triggers;
    private final List<Signal> seenSignals = new ArrayList<>();
    private final List<AlertEvent> seenAlerts = new ArrayList<>();
    private final List<RetrainingTrigger> seenTriggers = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    DemoWatcher(Map<String, Object> clientProperties, Topics topics, Instant since) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "genaimon-demo-watcher");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.signals = topics.signals().value().deserializer();
        this.alerts = topics.alerts().value().deserializer();
        this.triggers = topics.retrainingTriggers().value().deserializer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.SIGNALS, Topics.ALERTS, Topics.RETRAINING_TRIGGERS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(10));
        List<TopicPartition> nothingYet = new ArrayList<>();
        offsets.forEach((partition, offset) -> {
            if (offset == null) {
                nothingYet.add(partition);
            } else {
                consumer.seek(partition, offset.offset());
            }
        });
        consumer.seekToEnd(nothingYet);
        nothingYet.forEach(consumer::position); // resolve "end" now, not at the first poll
        this.thread = new Thread(this::poll, "genaimon-demo-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("demo watcher stopped: {}", e.toString());
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            synchronized (this) {
                switch (record.topic()) {
                    case Topics.SIGNALS -> seenSignals.add(signals.deserialize(record.topic(), record.value()));
                    case Topics.ALERTS -> seenAlerts.add(alerts.deserialize(record.topic(), record.value()));
                    case Topics.RETRAINING_TRIGGERS ->
                            seenTriggers.add(triggers.deserialize(record.topic(), record.value()));
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("demo watcher skipped an undecodable record of {}: {}", record.topic(), e.toString());
        }
    }

    synchronized View view() {
        return new View(List.copyOf(seenSignals), List.copyOf(seenAlerts), List.copyOf(seenTriggers));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
