package dev.genaimon.app.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker itself: a real KRaft node that keeps its data across a restart and leaves no threads behind. */
class EmbeddedKafkaIT {

    @Test
    void shouldKeepRecordsAcrossARestartOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        Set<String> threadsBefore = kafkaThreads();
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            try (Admin admin = Admin.create(kafka.clientConfig())) {
                admin.createTopics(List.of(new NewTopic("restart-test", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.clientConfig(),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart-test", "k", "before restart")).get();
            }
            System.out.printf("[EmbeddedKafkaIT] start to first produce: %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
        }
        assertThat(Files.exists(dir.resolve("kafka").resolve("meta.properties"))).isTrue();

        try (EmbeddedKafka restarted = EmbeddedKafka.start(dir, 0)) {
            assertThat(readAll(restarted, "restart-test")).containsExactly("before restart");
        }
        assertThat(kafkaThreads()).as("no broker threads survive close()").isSubsetOf(threadsBefore);
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic) {
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientConfig());
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static Set<String> kafkaThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains("kafka") || name.contains("raft") || name.contains("broker")
                        || name.contains("controller"))
                .collect(Collectors.toSet());
    }
}
