package dev.genaimon.app.tail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.json.AvroJson;
import dev.genaimon.schemas.serde.AvroDecodingException;
import dev.genaimon.schemas.serde.GenericAvroDecoder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints a topic as JSON lines, decoding Avro in either wire format with the writer's own schema (a schema-aware
 * kcat). Reads committed records only, without a consumer group, so it never disturbs the pipeline's offsets.
 */
public final class TopicTail {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param fromBeginning start at the earliest offset instead of the end
     * @param max           stop after this many records (0: no limit)
     * @param idleTimeout   stop when no record arrives for this long (null: never)
     * @param withMetadata  wrap each value with topic, partition, offset, timestamp and key
     */
    public record Options(boolean fromBeginning, long max, Duration idleTimeout, boolean withMetadata) {
    }

    private TopicTail() {
    }

    /** @return the number of records printed */
    public static long run(Map<String, Object> clientProperties, GenericAvroDecoder decoder, String topic,
                           Options options, PrintStream out, PrintStream err) {
        Map<String, Object> props = new java.util.HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "genaimon-tail");
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long lastRecord = System.nanoTime();
            while (options.max() <= 0 || printed < options.max()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (options.idleTimeout() != null
                            && System.nanoTime() - lastRecord > options.idleTimeout().toNanos()) {
                        break;
                    }
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    print(record, decoder, options.withMetadata(), out, err);
                    printed++;
                    if (options.max() > 0 && printed >= options.max()) {
                        break;
                    }
                }
            }
            out.flush();
        }
        return printed;
    }

    private static void print(ConsumerRecord<byte[], byte[]> record, GenericAvroDecoder decoder, boolean withMetadata,
                              PrintStream out, PrintStream err) {
        Object value;
        if (record.value() == null) {
            value = null;
        } else {
            try {
                value = AvroJson.toJson(decoder.decode(record.value()).value());
            } catch (AvroDecodingException e) {
                err.printf("%s-%d@%d: not a genaimon Avro value (%s); printed as text%n", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                value = new String(record.value(), StandardCharsets.UTF_8);
            }
        }
        if (!withMetadata) {
            out.println(value == null ? "null" : value instanceof ObjectNode node ? node.toString()
                    : JSON.valueToTree(value).toString());
            return;
        }
        ObjectNode line = JSON.createObjectNode()
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset())
                .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString())
                .put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        line.set("value", JSON.valueToTree(value));
        out.println(line);
    }
}
