package dev.genaimon.app.wiring;

import dev.genaimon.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalog's topics (idempotently) and answers whether they exist. */
public final class TopicAdmin implements AutoCloseable {

    /** What happened to one topic. */
    public record Created(String topic, boolean created, String detail) {
    }

    private final Admin admin;
    private final List<TopicSpec<?, ?>> topics;
    private final short replicationFactor;

    public TopicAdmin(KafkaConnection kafka, short replicationFactor) {
        this.admin = Admin.create(kafka.clientProperties(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.CLIENT_ID_CONFIG, "genaimon-admin")));
        this.topics = kafka.topics().all();
        this.replicationFactor = replicationFactor;
    }

    /** Creates every missing catalog topic; existing ones are left as they are. */
    public List<Created> createMissing(Duration timeout) throws ExecutionException, InterruptedException,
            TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<Created> result = new ArrayList<>();
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec<?, ?> spec : topics) {
            if (existing.contains(spec.name())) {
                result.add(new Created(spec.name(), false, "exists"));
            } else {
                missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.config()));
            }
        }
        if (!missing.isEmpty()) {
            var futures = admin.createTopics(missing).values();
            for (NewTopic topic : missing) {
                try {
                    futures.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    result.add(new Created(topic.name(), true, topic.numPartitions() + " partitions, " + topic.configs()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    result.add(new Created(topic.name(), false, "exists (created concurrently)"));
                }
            }
        }
        return result;
    }

    /** @return null when every catalog topic exists, else why not */
    public String missingTopicsReason(Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = topics.stream().map(TopicSpec::name).filter(t -> !existing.contains(t)).toList();
            return missing.isEmpty() ? null : "missing topics: " + missing + " (run genaimon topics create)";
        } catch (TimeoutException e) {
            return "Kafka not reachable within " + timeout;
        } catch (ExecutionException e) {
            return "Kafka not reachable: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
