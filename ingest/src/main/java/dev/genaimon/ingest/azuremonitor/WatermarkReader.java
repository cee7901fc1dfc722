package dev.genaimon.ingest.azuremonitor;

import dev.genaimon.schemas.avro.SourceWatermark;
import dev.genaimon.schemas.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the latest committed watermark of one source from the compacted watermark topic (read_committed, to the end
 * as it was when reading started).
 */
final class WatermarkReader {

    private WatermarkReader() {
    }

    /**
     * @param consumer a bytes consumer with {@code isolation.level=read_committed}, not subscribed; closed by the caller
     * @return the last watermark written under {@code sourceKey}, or empty when there is none
     */
    static Optional<SourceWatermark> latest(Consumer<byte[], byte[]> consumer, TopicSpec<String, SourceWatermark> topic,
                                            String sourceKey, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        byte[] key = sourceKey.getBytes(StandardCharsets.UTF_8);
        SourceWatermark latest = null;
        while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("could not read " + topic.name() + " to its end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() != null && java.util.Arrays.equals(record.key(), key) && record.value() != null) {
                    latest = topic.value().deserializer().deserialize(topic.name(), record.value());
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
