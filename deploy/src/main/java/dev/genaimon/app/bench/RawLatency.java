package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.wiring.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latency reference: the same records at the same paced rate through raw Kafka — producer, a transactional
 * read_committed consume→produce copy (what Streams' exactly-once does with no processing), and a read_committed
 * reader — each record timed from when it was due until the reader sees it.
 */
final class RawLatency {

    private RawLatency() {
    }

    /** Copies one poll's records from the consumer's partitions to {@code outTopic} in one transaction. */
    static int copyOnce(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                        String outTopic, Duration poll) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(poll);
        if (records.isEmpty()) {
            return 0;
        }
        producer.beginTransaction();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            producer.send(new ProducerRecord<>(outTopic, record.key(), record.value()));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        return records.count();
    }

    static ObjectNode run(KafkaConnection connection, List<byte[]> values, double rate, double seconds)
            throws Exception {
        String in = "bench.lat-in";
        String out = "bench.lat-out";
        Bench.createTopic(connection, in);
        Bench.createTopic(connection, out);
        int count = (int) Math.max(1, Math.round(rate * seconds));
        long[] due = LoadShape.uniform(count, rate);
        long[] seenAt = new long[count];
        AtomicBoolean stop = new AtomicBoolean();
        Thread copier = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(connection, "bench-raw-latency");
                 KafkaProducer<byte[], byte[]> producer = Bench.producer(connection, "bench-raw-latency-tx")) {
                producer.initTransactions();
                assignAll(consumer, in, false);
                while (!stop.get()) {
                    copyOnce(consumer, producer, out, Duration.ofMillis(20));
                }
            }
        }, "bench-raw-copier");
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(connection, null)) {
                assignAll(consumer, out, false);
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        int index = Integer.parseInt(new String(record.key(), java.nio.charset.StandardCharsets.US_ASCII));
                        if (index < count && seenAt[index] == 0) {
                            seenAt[index] = now;
                        }
                    }
                }
            }
        }, "bench-raw-reader");
        copier.setDaemon(true);
        reader.setDaemon(true);
        copier.start();
        reader.start();
        long start;
        try (KafkaProducer<byte[], byte[]> producer = Bench.producer(connection, null)) {
            producer.partitionsFor(in); // metadata before the clock starts
            start = System.nanoTime();
            int sent = 0;
            while (sent < count) {
                long elapsed = System.nanoTime() - start;
                int until = LoadShape.dueUntil(due, sent, elapsed);
                if (until == sent) {
                    LockSupport.parkNanos(Math.min(due[sent] - elapsed, 2_000_000));
                    continue;
                }
                for (int i = sent; i < until; i++) {
                    producer.send(new ProducerRecord<>(in, Integer.toString(i).getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII), values.get(i % values.size())));
                }
                sent = until;
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int missing = count;
        while (System.nanoTime() < deadline && missing > 0) {
            missing = 0;
            for (long at : seenAt) {
                if (at == 0) {
                    missing++;
                }
            }
            Thread.sleep(50); // polling the reader's results; there is no event to wait on
        }
        stop.set(true);
        copier.join(10_000);
        reader.join(10_000);
        long[] latencies = new long[count - missing];
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (seenAt[i] != 0) {
                latencies[j++] = (seenAt[i] - (start + due[i])) / 1_000_000;
            }
        }
        ObjectNode node = PipelineBench.percentiles(Percentiles.of(latencies));
        node.put("rate_per_s", Math.round(rate)).put("events", count).put("missing", missing);
        return node;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection connection, String group) {
        Map<String, Object> props = new HashMap<>(connection.clientProperties(Map.of(
                "isolation.level", "read_committed", "enable.auto.commit", false, "max.poll.records", 1000)));
        if (group != null) {
            props.put("group.id", group);
        }
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void assignAll(KafkaConsumer<byte[], byte[]> consumer, String topic, boolean fromEnd) {
        List<TopicPartition> partitions = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.isEmpty()) { // a just-created topic may not be in the metadata yet on a loaded broker
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions after 60 s");
            }
            partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
    }
}
