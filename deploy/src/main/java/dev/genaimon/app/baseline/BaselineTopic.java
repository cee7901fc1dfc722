package dev.genaimon.app.baseline;

import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.schemas.avro.BaselineProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes the compacted {@code genaimon.baselines.v1}: the latest record per baseline id is the baseline. */
public final class BaselineTopic {

    private final KafkaConnection kafka;

    public BaselineTopic(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    public void publish(BaselineProfile baseline) throws Exception {
        try (KafkaProducer<String, BaselineProfile> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                "acks", "all", "enable.idempotence", true, "max.request.size", 8 * 1024 * 1024)),
                new StringSerializer(), kafka.topics().baselines().value().serializer())) {
            producer.send(new ProducerRecord<>(kafka.topics().baselines().name(), baseline.getBaselineId(), baseline))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Every baseline, by id (tombstoned ones left out). */
    public Map<String, BaselineProfile> readAll() {
        Map<String, BaselineProfile> latest = new TreeMap<>();
        Map<String, Object> props = new HashMap<>(kafka.clientProperties(Map.of(
                "isolation.level", "read_committed", "enable.auto.commit", false)));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(kafka.topics().baselines().name(),
                    Duration.ofSeconds(10)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), kafka.topics().baselines().value().deserializer()
                                .deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
        return latest;
    }
}
