package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Signal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Exactly-once verification the way Kafka's own EOS system tests do it: every output topic read from the beginning
 * with {@code read_committed}, keys counted against the expected set (none missing, none twice, none unexpected),
 * windowed counts compared with the input, and every consumer group of the run checked to have committed exactly
 * up to the end of its input (no committed record after a group's committed offset).
 */
public final class ExactnessCheck {

    /** One comparison: what, whether it held, and the numbers or the first differences. */
    public record Check(String name, boolean ok, String detail) {
    }

    /** All comparisons of a run. */
    public record Verdict(List<Check> checks) {

        public boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }

        public List<Check> failed() {
            return checks.stream().filter(c -> !c.ok()).toList();
        }

        public ObjectNode toJson() {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("ok", ok());
            ArrayNode list = node.putArray("checks");
            checks.forEach(c -> list.addObject().put("name", c.name()).put("ok", c.ok()).put("detail", c.detail()));
            return node;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(ok() ? "EXACT" : "NOT EXACT").append('\n');
            checks.forEach(c -> text.append(c.ok() ? "  ok    " : "  FAIL  ").append(c.name()).append(": ")
                    .append(c.detail()).append('\n'));
            return text.toString();
        }
    }

    private static final int SHOWN = 5;

    private final KafkaConnection kafka;
    private final String prefix;

    ExactnessCheck(KafkaConnection kafka, String prefix) {
        this.kafka = kafka;
        this.prefix = prefix;
    }

    /** Reads every output and compares it with the expectation. */
    Verdict verify(Expected expected) throws Exception {
        List<Check> checks = new ArrayList<>();
        var topics = kafka.topics();
        checks.add(keys("input " + topics.interactionsRaw().name(), keyCounts(topics.interactionsRaw().name()),
                expected.ids()));
        checks.add(keys(topics.interactions().name(), keyCounts(topics.interactions().name()), expected.ids()));
        checks.add(keys(topics.safetyFlags().name(), keyCounts(topics.safetyFlags().name()), expected.ids()));
        checks.add(keys(topics.evalRequests().name(), keyCounts(topics.evalRequests().name()), expected.sampled()));
        checks.add(keys(topics.evalScores().name(), keyCounts(topics.evalScores().name()), expected.scoreKeys()));

        List<Signal> signals = new ArrayList<>();
        var signalSerde = topics.signals().value().deserializer();
        scan(topics.signals().name(), r -> signals.add(signalSerde.deserialize(topics.signals().name(), r.value())));
        checks.addAll(signalChecks(signals, expected));

        List<AlertEvent> alerts = new ArrayList<>();
        var alertSerde = topics.alerts().value().deserializer();
        scan(topics.alerts().name(), r -> alerts.add(alertSerde.deserialize(topics.alerts().name(), r.value())));
        checks.addAll(alertChecks(alerts, expected));

        List<RetrainingTrigger> triggers = new ArrayList<>();
        var triggerSerde = topics.retrainingTriggers().value().deserializer();
        scan(topics.retrainingTriggers().name(), r -> triggers.add(
                triggerSerde.deserialize(topics.retrainingTriggers().name(), r.value())));
        checks.add(triggerCheck(triggers, expected));

        Map<String, Integer> reports = new HashMap<>();
        var reportSerde = topics.driftReports().value().deserializer();
        scan(topics.driftReports().name(), r -> {
            DriftReport report = reportSerde.deserialize(topics.driftReports().name(), r.value());
            // by report id: the feature report (<segment>@<start>) and the text-drift report (<segment>@<start>/embedding)
            // of one segment-window are two reports, each of which must appear once
            reports.merge(report.getReportId(), 1, Integer::sum);
        });
        List<String> twice = reports.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        checks.add(new Check(topics.driftReports().name() + " one report per id (segment, window, kind)", twice.isEmpty(),
                reports.size() + " reports" + (twice.isEmpty() ? "" : ", more than once: " + first(twice))));

        long[] letters = {0};
        scan(topics.dlq().name(), r -> letters[0]++);
        checks.add(new Check(topics.dlq().name() + " empty (all input is valid)", letters[0] == 0,
                letters[0] + " dead letters"));

        checks.addAll(offsetChecks());
        return new Verdict(checks);
    }

    static Check keys(String name, Map<String, Integer> counts, Set<String> expected) {
        List<String> missing = expected.stream().filter(k -> !counts.containsKey(k)).sorted().toList();
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        List<String> unexpected = counts.keySet().stream().filter(k -> !expected.contains(k)).sorted().toList();
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        boolean ok = missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty();
        return new Check(name + " keys", ok, String.format("%,d expected, %,d records, %,d distinct; missing %d%s,"
                        + " duplicated %d%s, unexpected %d%s", expected.size(), total, counts.size(), missing.size(),
                first(missing), duplicated.size(), first(duplicated), unexpected.size(), first(unexpected)));
    }

    private List<Check> signalChecks(List<Signal> signals, Expected expected) {
        List<Check> checks = new ArrayList<>();
        Map<String, Integer> perWindow = new HashMap<>();
        Map<String, Double> requestCounts = new HashMap<>();
        Map<String, Long> safetySamples = new HashMap<>();
        for (Signal signal : signals) {
            String segment = signal.getSegment().getId();
            perWindow.merge(segment + "/" + signal.getName() + signal.getLabels() + "@" + signal.getWindowStart(), 1,
                    Integer::sum);
            if (!expected.segments().contains(segment)) {
                continue;
            }
            String key = Expected.windowKey(segment, signal.getWindowStart());
            if (signal.getName().equals("ops.request_count")) {
                requestCounts.merge(key, signal.getValue(), Double::sum);
            } else if (signal.getName().equals("safety.injection.rate")) {
                safetySamples.merge(key, signal.getSampleCount(), Long::sum);
            }
        }
        List<String> twice = perWindow.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        checks.add(new Check("signals one per segment, name and window", twice.isEmpty(),
                String.format("%,d signals; more than once: %d%s", signals.size(), twice.size(), first(twice))));
        checks.add(windowCounts("ops.request_count per segment and window = input count", requestCounts,
                expected.windowCounts()));
        Map<String, Double> samples = new HashMap<>();
        safetySamples.forEach((k, v) -> samples.put(k, v.doubleValue()));
        checks.add(windowCounts("safety.injection.rate sample count per segment and window = input count", samples,
                expected.windowCounts()));
        return checks;
    }

    static Check windowCounts(String name, Map<String, Double> actual, Map<String, Long> expected) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((window, count) -> {
            Double got = actual.get(window);
            if (got == null || got.longValue() != count) {
                wrong.add(window + " expected " + count + " got " + got);
            }
        });
        // windows the input has none of, other than the closers' (never closed), must not exist
        actual.keySet().stream().filter(w -> !expected.containsKey(w)).forEach(w -> wrong.add(w + " unexpected"));
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        long counted = actual.entrySet().stream().filter(e -> expected.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue().longValue()).sum();
        return new Check(name, wrong.isEmpty(), String.format("%d windows, %,d interactions expected, %,d counted;"
                + " %d differ%s", expected.size(), total, counted, wrong.size(), first(wrong)));
    }

    private static List<Check> alertChecks(List<AlertEvent> alerts, Expected expected) {
        List<AlertEvent> ours = alerts.stream().filter(a -> a.getRule().equals(expected.rule())).toList();
        Map<String, Integer> transitions = new HashMap<>();
        ours.forEach(a -> transitions.merge(a.getFingerprint() + "/" + a.getStatus() + "@" + a.getTransitionAt(), 1,
                Integer::sum));
        List<String> twice = transitions.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        Set<String> firing = ours.stream().filter(a -> a.getStatus().equals("firing") && a.getSegment() != null)
                .map(a -> a.getSegment().getId()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(expected.segments());
        missing.removeAll(firing);
        Set<String> unexpected = new TreeSet<>(firing);
        unexpected.removeAll(expected.segments());
        return List.of(new Check("alerts each transition once", twice.isEmpty(),
                        String.format("%d transitions of %s; more than once: %d%s", ours.size(), expected.rule(),
                                twice.size(), first(twice))),
                new Check("alerts fired for every segment", missing.isEmpty() && unexpected.isEmpty(),
                        String.format("%d segments expected, %d fired; missing %s, unexpected %s",
                                expected.segments().size(), firing.size(), missing, unexpected)));
    }

    private static Check triggerCheck(List<RetrainingTrigger> triggers, Expected expected) {
        Map<String, Long> byDeployment = triggers.stream().filter(t -> t.getRule().equals(expected.rule()))
                .collect(Collectors.groupingBy(t -> t.getModelDeployment() + "|" + t.getCause(),
                        Collectors.counting()));
        Set<String> deployments = byDeployment.keySet().stream().map(k -> k.substring(0, k.indexOf('|')))
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> twice = byDeployment.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        boolean ok = twice.isEmpty() && deployments.equals(new TreeSet<>(expected.deployments()))
                && byDeployment.size() == expected.deployments().size();
        return new Check("retraining triggers one per deployment and cause", ok,
                String.format("expected %s, got %s; more than once: %d%s", new TreeSet<>(expected.deployments()),
                        deployments, twice.size(), first(twice)));
    }

    /**
     * The enrich group has committed exactly the raw topic's end offsets, and no group of the run has a committed
     * record after its committed offset in any partition it consumes.
     */
    private List<Check> offsetChecks() throws Exception {
        List<Check> checks = new ArrayList<>();
        String raw = kafka.topics().interactionsRaw().name();
        Map<TopicPartition, Long> rawEnd = endOffsets(partitions(raw));
        Map<TopicPartition, OffsetAndMetadata> enrich = committed(prefix + "-enrich");
        List<String> differ = new ArrayList<>();
        rawEnd.forEach((tp, end) -> {
            OffsetAndMetadata c = enrich.get(tp);
            if (c == null || c.offset() != end) {
                differ.add(tp + " end " + end + " committed " + (c == null ? "none" : c.offset()));
            }
        });
        checks.add(new Check("committed offsets of " + prefix + "-enrich = input end offsets", differ.isEmpty(),
                String.format("%d partitions, %,d records; %d differ%s", rawEnd.size(),
                        rawEnd.values().stream().mapToLong(Long::longValue).sum(), differ.size(), first(differ))));
        for (String group : groups()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
            Map<TopicPartition, Long> left = unprocessed(committed);
            List<String> behind = left.entrySet().stream().filter(e -> e.getValue() != 0)
                    .map(e -> e.getKey() + " " + e.getValue()).sorted().toList();
            Set<String> topics = committed.keySet().stream().map(TopicPartition::topic)
                    .collect(Collectors.toCollection(TreeSet::new));
            checks.add(new Check("group " + group + " committed up to the end", behind.isEmpty(),
                    String.format("%d partitions of %s; committed records after the committed offset: %s",
                            committed.size(), topics, behind.isEmpty() ? "none" : first(behind))));
        }
        return checks;
    }

    /**
     * For each partition: committed records after the committed offset (0 = caught up), or -1 when more than a few
     * offsets are left (not worth reading while the run is still going).
     */
    private Map<TopicPartition, Long> unprocessed(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> end = endOffsets(committed.keySet());
        Map<TopicPartition, Long> left = new HashMap<>();
        List<TopicPartition> toRead = new ArrayList<>();
        committed.forEach((tp, c) -> {
            long gap = end.getOrDefault(tp, 0L) - c.offset();
            if (gap <= 0) {
                left.put(tp, 0L);
            } else {
                toRead.add(tp);
            }
        });
        if (toRead.isEmpty()) {
            return left;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(toRead);
            toRead.forEach(tp -> consumer.seek(tp, committed.get(tp).offset()));
            Map<TopicPartition, Long> found = new HashMap<>();
            toRead.forEach(tp -> found.put(tp, 0L));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (toRead.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    toRead.stream().filter(tp -> consumer.position(tp) < end.get(tp))
                            .forEach(tp -> found.put(tp, -1L)); // an open transaction: cannot tell yet
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    found.merge(tp, 1L, (a, b) -> a < 0 ? a : a + b);
                }
            }
            left.putAll(found);
        }
        return left;
    }

    /** True when all input, closers included, is written and every group is at the end of what it consumes. */
    boolean looksDone(Expected expected) throws Exception {
        return caughtUp(expected.ids().size());
    }

    /**
     * True when at least {@code rawRecords} are on the raw topic, the enrich group committed its end, the last stages
     * have committed every partition of their inputs that holds data, and no group of the run has a committed record
     * after its committed offset.
     */
    boolean caughtUp(long rawRecords) throws Exception {
        String raw = kafka.topics().interactionsRaw().name();
        long rawEnd = endOffsets(partitions(raw)).values().stream().mapToLong(Long::longValue).sum();
        if (rawEnd < rawRecords || committedTotal(prefix + "-enrich", raw) < rawEnd) {
            return false;
        }
        // group and an input it must have consumed wherever that input holds data; the retraining triggers come out
        // of the alerting group's second sub-topology, behind its own repartition topic
        List<Map.Entry<String, String>> mustConsume = List.of(
                Map.entry(prefix + "-ops", kafka.topics().interactions().name()),
                Map.entry(prefix + "-alerting", kafka.topics().signals().name()),
                Map.entry(prefix + "-alerting", prefix + "-alerting-"
                        + dev.genaimon.alerting.retrain.RetrainTriggers.REPARTITION + "-repartition"),
                Map.entry(prefix + "-eval-worker", kafka.topics().evalRequests().name()),
                Map.entry(prefix + "-eval-sampler", kafka.topics().interactions().name()));
        for (Map.Entry<String, String> e : mustConsume) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(e.getKey());
            for (Map.Entry<TopicPartition, Long> end : endOffsets(partitions(e.getValue())).entrySet()) {
                if (end.getValue() > 0 && !committed.containsKey(end.getKey())) {
                    return false;
                }
            }
        }
        for (String group : groups()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
            Map<TopicPartition, Long> end = endOffsets(committed.keySet());
            // more than a few transaction markers behind: certainly still working
            if (committed.entrySet().stream().anyMatch(c -> end.getOrDefault(c.getKey(), 0L) - c.getValue().offset() > 20)) {
                return false;
            }
            if (unprocessed(committed).values().stream().anyMatch(v -> v != 0)) {
                return false;
            }
        }
        return true;
    }

    long committedTotal(String group, String topic) throws Exception {
        return committed(group).entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private Set<String> groups() throws Exception {
        try (Admin admin = admin()) {
            Collection<GroupListing> all = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get();
            return all.stream().map(GroupListing::groupId).filter(g -> g.startsWith(prefix + "-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
            offsets.values().removeIf(java.util.Objects::isNull);
            return offsets;
        }
    }

    private Map<String, Integer> keyCounts(String topic) {
        Map<String, Integer> counts = new HashMap<>();
        scan(topic, r -> counts.merge(r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8), 1,
                Integer::sum));
        return counts;
    }

    /** Every committed record of the topic, from the beginning to the end offsets taken when the scan starts. */
    private void scan(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end (open transaction?)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
                        each.accept(r);
                    }
                }
            }
        }
    }

    private List<TopicPartition> partitions(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
        }
    }

    private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of("isolation.level", "read_committed",
                "enable.auto.commit", false, "allow.auto.create.topics", false, "max.poll.records", 5000,
                "fetch.max.bytes", 64 * 1024 * 1024)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Admin admin() {
        return Admin.create(kafka.clientProperties(Map.of()));
    }

    private static String first(Collection<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return " " + items.stream().limit(SHOWN).collect(Collectors.joining(", ", "[", items.size() > SHOWN ? ", ...]"
                : "]"));
    }
}
