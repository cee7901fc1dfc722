package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.EvalStages;
import dev.genaimon.app.wiring.GenaimonRuntime;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.json.AvroJson;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The full pipeline as {@code genaimon run} starts it (ingest, enrich and the chosen analysis stages, alerting, the
 * view), measured three ways on one runtime:
 * <ol>
 *   <li>throughput: the interactions already on the raw topic, timed from start until every consumer group has
 *       committed the end offsets of every partition assigned to it (lag 0 in two consecutive samples);</li>
 *   <li>latency at a fixed rate: an open-loop paced HTTP sender, each interaction timed from when it was due until its
 *       safety flags appear on {@code genaimon.safety-flags.v1} (read_committed, matched by interaction id);</li>
 *   <li>ingest to alert: a burst of responses with personal data in a segment of its own makes the default rule
 *       {@code PiiInResponses} fire; timed from the burst's first send to the firing AlertEvent.</li>
 * </ol>
 */
final class PipelineBench {

    static final String PREFIX = "bench";
    static final String[] BURST_SEGMENT = {"bench-burst", "pii-leak", "gpt-4o-mini"};
    static final String ALERT_RULE = "PiiInResponses";
    static final int BURST = 60;
    private static final int MAX_BATCH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineBench() {
    }

    /** The stages of a full run; {@code stages} names the optional ones (drift, metrics, eval, alerting). */
    static Map<String, String> overrides(Set<String> stages, Duration signalWindow, Duration signalGrace) {
        boolean all = stages.contains("full");
        Map<String, String> o = new HashMap<>();
        o.put(ConfigKeys.ENRICH_ENABLED.name(), "true");
        o.put(ConfigKeys.DRIFT_ENABLED.name(), Boolean.toString(all || stages.contains("drift")));
        o.put(ConfigKeys.OPS_ENABLED.name(), Boolean.toString(all || stages.contains("metrics")));
        o.put(ConfigKeys.EVAL_ENABLED.name(), Boolean.toString(all || stages.contains("eval")));
        o.put(ConfigKeys.EVAL_WORKER_ENABLED.name(), Boolean.toString(all || stages.contains("eval")));
        o.put(ConfigKeys.ALERTING_ENABLED.name(), Boolean.toString(all || stages.contains("alerting")));
        o.put(ConfigKeys.NOTIFY_ENABLED.name(), "false"); // no receivers in a benchmark
        o.put(ConfigKeys.EVAL_WORKER_INSTANCE_ID.name(), "bench");
        o.put(ConfigKeys.SIGNAL_WINDOW.name(), signalWindow.toMillis() + "ms");
        o.put(ConfigKeys.SIGNAL_GRACE.name(), signalGrace.toMillis() + "ms");
        o.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), PREFIX);
        return o;
    }

    /** The consumer groups of the running runtime: one per Kafka Streams stage, and the eval worker's. */
    static List<String> groups(GenaimonRuntime runtime, GenaimonConfig config) {
        List<String> groups = new ArrayList<>();
        for (String stage : List.of("enrich", "drift", "drift-embedding", "ops", "alerting", "eval-sampler",
                "eval-aggregates", "feedback-join", "view")) {
            if (runtime.stage(stage) != null) {
                groups.add(PREFIX + "-" + stage);
            }
        }
        if (config.get(ConfigKeys.EVAL_WORKER_ENABLED)) {
            groups.add(EvalStages.workerSettings(config).groupId());
        }
        return groups;
    }

    /**
     * Starts the runtime on records already on the raw topic and times it until every group has caught up; the
     * runtime is returned open in {@code started} for the latency phase.
     */
    static ObjectNode throughput(GenaimonConfig config, long count, PrintStream out,
                                 java.util.function.Consumer<GenaimonRuntime> started) throws Exception {
        ResourceSampler.Snapshot before = ResourceSampler.Snapshot.take();
        long start = System.nanoTime();
        GenaimonRuntime runtime = GenaimonRuntime.start(config, Clock.systemUTC());
        started.accept(runtime);
        List<String> groups = groups(runtime, config);
        out.printf("pipeline groups: %s%n", groups);
        List<String> stageNames = groups.stream().map(g -> g.substring(PREFIX.length() + 1)).toList();
        Map<String, Long> threadsAtRunning = null;
        Map<String, Double> commitsAtRunning = Map.of();
        long processNanosAtRunning = 0;
        double runningAt = -1;
        try (Admin admin = Admin.create(runtime.kafka().clientProperties(Map.of()));
             ResourceSampler sampler = new ResourceSampler(admin,
                     runtime.kafka().clientProperties(Map.of()), groups, 1000)) {
            int zeroStreak = 0;
            double doneAt = -1;
            int seen = 0;
            while (doneAt < 0) {
                if (runningAt < 0 && runtime.stagesNotRunning().isEmpty()) {
                    runningAt = Bench.seconds(start);
                    threadsAtRunning = ThreadCpu.snapshot(PREFIX, stageNames);
                    commitsAtRunning = commits(runtime, stageNames);
                    processNanosAtRunning = processCpuNanos();
                }
                ArrayNode samples = sampler.samples();
                for (; seen < samples.size(); seen++) {
                    ObjectNode sample = (ObjectNode) samples.get(seen);
                    if (seen % 10 == 9) {
                        out.printf("  %5.0f s lag %s%n", Bench.seconds(start), sample.path("lag"));
                    }
                    boolean zero = groups.stream().allMatch(g -> sample.path("lag").path(g).asLong(-1) == 0);
                    zeroStreak = zero ? zeroStreak + 1 : 0;
                    if (zeroStreak == 2) {
                        // the first of the two zero samples, on the same clock as 'start'
                        doneAt = (sample.get("t_s").asDouble() - 1.0) + sampler.startOffsetSeconds(start);
                        break;
                    }
                }
                if (Bench.seconds(start) > 1800) {
                    throw new IllegalStateException("the pipeline did not catch up within 30 minutes; lag "
                            + sampler.lastLag());
                }
                Thread.sleep(200); // waiting for the sampler's next sample; there is no event to wait on
            }
            ResourceSampler.Snapshot after = ResourceSampler.Snapshot.take();
            Map<String, Long> threadsAtDone = ThreadCpu.snapshot(PREFIX, stageNames);
            long processNanosAtDone = processCpuNanos();
            if (runningAt < 0 || runningAt > doneAt) {
                runningAt = Math.min(doneAt, Math.max(0, runningAt));
            }
            ObjectNode node = JSON.createObjectNode();
            double busy = Math.max(0.001, doneAt - runningAt);
            node.put("events", count).put("events_per_s", Math.round(count / busy))
                    .put("events_per_s_with_startup", Math.round(count / doneAt))
                    .put("startup_s", round1(runningAt)).put("caught_up_s", round1(doneAt))
                    .put("cpu_s", round1(after.cpuSeconds() - before.cpuSeconds()))
                    .put("cpu_us_per_event", Math.round((after.cpuSeconds() - before.cpuSeconds()) * 1e6 / count))
                    .put("heap_mb_end", after.heapMb()).put("rss_mb_end", after.rssMb())
                    .put("threads", config.get(ConfigKeys.STREAM_THREADS));
            if (threadsAtRunning != null) {
                // where the CPU goes once every stage runs (start-up excluded), by stage and thread kind
                ObjectNode byRole = node.putObject("cpu_us_per_event_by_role");
                ThreadCpu.perEvent(threadsAtRunning, threadsAtDone, processNanosAtDone - processNanosAtRunning, count)
                        .forEach(byRole::put);
                node.put("cpu_us_per_event_from_running",
                        Math.round((processNanosAtDone - processNanosAtRunning) / 1000.0 / count));
                // exactly-once commits (one transaction each) per second of each stage's stream threads
                ObjectNode commitRate = node.putObject("commits_per_s");
                Map<String, Double> commitsBefore = commitsAtRunning;
                commits(runtime, stageNames).forEach((stage, total) -> commitRate.put(stage,
                        round1((total - commitsBefore.getOrDefault(stage, 0.0)) / busy)));
            }
            ArrayNode groupNames = node.putArray("groups");
            groups.forEach(groupNames::add);
            node.set("group_caught_up_s", caughtUp(sampler.samples(), groups, sampler.startOffsetSeconds(start)));
            node.set("samples", sampler.samples());
            node.put("note", "timed until every group's committed offsets equal the end offsets of its assigned"
                    + " partitions (1 s samples); events_per_s from all stages RUNNING, cpu includes the broker");
            return node;
        }
    }

    /** Per group: the time of the first sample after which its lag stayed 0 (the group had caught up). */
    static ObjectNode caughtUp(ArrayNode samples, List<String> groups, double offsetSeconds) {
        ObjectNode result = JSON.createObjectNode();
        for (String group : groups) {
            double at = -1;
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (samples.get(i).path("lag").path(group).asLong(-1) != 0) {
                    break;
                }
                at = samples.get(i).get("t_s").asDouble() + offsetSeconds;
            }
            result.put(group, round1(at));
        }
        return result;
    }

    /** What the latency phase does. */
    record LatencyPlan(double ratePerSecond, double seconds, int sizeBytes, AzureTrace trace, boolean alert,
                       Duration signalWindow, Duration signalGrace) {
        int count() {
            return (int) Math.max(1, Math.round(ratePerSecond * seconds));
        }
    }

    /** Open-loop paced ingest over HTTP; latency to the safety flags and, when alerting runs, to the PII alert. */
    static ObjectNode latency(GenaimonRuntime runtime, LatencyPlan plan, PrintStream out) throws Exception {
        KafkaConnection kafka = runtime.kafka();
        int count = plan.count();
        long[] due = plan.trace() == null ? LoadShape.uniform(count, plan.ratePerSecond())
                : LoadShape.scaledGaps(plan.trace().gapsMillis(), count, plan.ratePerSecond());
        int[] sizes = new int[count];
        if (plan.trace() == null) {
            java.util.Arrays.fill(sizes, plan.sizeBytes());
        } else {
            sizes = plan.trace().sizes(count, plan.sizeBytes(), 300);
        }
        // the burst starts after a fifth of the run and a few seconds of warm traffic
        int burstStart = plan.alert() ? LoadShape.dueUntil(due, 0, (long) (Math.max(3, plan.seconds() / 5) * 1e9)) : -1;
        long[] flagAt = new long[count];
        AtomicLong alertAt = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread flags = reader(kafka, kafka.topics().safetyFlags().name(), stop, (record, now) -> {
            String key = record.key();
            if (key != null && key.startsWith("lat-")) {
                int index = Integer.parseInt(key.substring(4));
                if (index < count && flagAt[index] == 0) {
                    flagAt[index] = now;
                }
            }
        });
        Thread alerts = reader(kafka, kafka.topics().alerts().name(), stop, (record, now) -> {
            AlertEvent event = record.value() == null ? null
                    : kafka.topics().alerts().value().deserializer().deserialize(record.topic(), record.value());
            if (event != null && ALERT_RULE.equals(event.getRule()) && "firing".equals(event.getStatus())
                    && event.getSegment() != null && event.getSegment().getId().startsWith(BURST_SEGMENT[0] + "/")) {
                alertAt.compareAndSet(-1, now);
            }
        });

        HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();
        URI uri = URI.create("http://127.0.0.1:" + runtime.httpPort() + "/v1/interactions");
        Random random = new Random(7);
        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        List<CompletableFuture<Long>> requests = new ArrayList<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        int sent = 0;
        while (sent < count) {
            long elapsed = System.nanoTime() - start;
            int until = Math.min(LoadShape.dueUntil(due, sent, elapsed), sent + MAX_BATCH);
            if (until == sent) {
                LockSupport.parkNanos(Math.min(due[sent] - elapsed, 2_000_000));
                continue;
            }
            StringBuilder body = new StringBuilder();
            for (int i = sent; i < until; i++) {
                boolean burst = burstStart >= 0 && i >= burstStart && i < burstStart + BURST;
                // after the burst every 20th interaction keeps the burst segment's stream time moving
                boolean burstSegment = burst || (burstStart >= 0 && i > burstStart && i % 20 == 0);
                String[] segment = burstSegment ? BURST_SEGMENT : BenchData.numberedSegment(random.nextInt(4));
                Interaction interaction = BenchData.interaction(random, "lat-" + i,
                        wallStart.plusNanos(due[i]), segment, sizes[i], burst ? BenchData.RESPONSE_PII : null);
                body.append(AvroJson.toJson(interaction)).append('\n');
            }
            long sentAt = System.nanoTime();
            requests.add(http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                        if (response.statusCode() != 202) {
                            errors.add(response.statusCode() + " " + response.body());
                        }
                        return (System.nanoTime() - sentAt) / 1_000_000;
                    }));
            sent = until;
        }
        double sendSeconds = Bench.seconds(start);
        long[] requestMs = new long[requests.size()];
        for (int i = 0; i < requestMs.length; i++) {
            requestMs[i] = requests.get(i).get();
        }
        // wait for the last flags (and the alert: window end + grace after the burst, plus processing)
        long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < waitUntil) {
            boolean allFlags = true;
            for (long at : flagAt) {
                if (at == 0) {
                    allFlags = false;
                    break;
                }
            }
            if (allFlags && (!plan.alert() || alertAt.get() > 0)) {
                break;
            }
            Thread.sleep(100); // polling the readers' results; there is no event to wait on here
        }
        stop.set(true);
        flags.join(5000);
        alerts.join(5000);

        List<Long> latencies = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < count; i++) {
            if (flagAt[i] == 0) {
                missing++;
            } else {
                latencies.add((flagAt[i] - (start + due[i])) / 1_000_000);
            }
        }
        Percentiles flag = Percentiles.of(latencies.stream().mapToLong(Long::longValue).toArray());
        Percentiles request = Percentiles.of(requestMs);
        ObjectNode node = JSON.createObjectNode();
        node.put("rate_per_s", Math.round(plan.ratePerSecond())).put("events", count)
                .put("achieved_send_rate_per_s", Math.round(count / sendSeconds))
                .put("load_shape", plan.trace() == null ? "uniform" : "azure-trace")
                .put("ingest_errors", errors.size())
                .put("flags_missing", missing);
        node.set("ingest_to_flag_ms", percentiles(flag));
        node.set("request_ms", percentiles(request));
        if (!errors.isEmpty()) {
            node.put("first_error", errors.get(0));
        }
        if (plan.alert()) {
            long bound = plan.signalWindow().toMillis() + plan.signalGrace().toMillis() + 5000;
            ObjectNode alert = node.putObject("ingest_to_alert");
            alert.put("rule", ALERT_RULE).put("burst", BURST)
                    .put("window_ms", plan.signalWindow().toMillis()).put("grace_ms", plan.signalGrace().toMillis())
                    .put("bound_ms", bound);
            if (alertAt.get() > 0) {
                long ms = (alertAt.get() - (start + due[burstStart])) / 1_000_000;
                alert.put("latency_ms", ms).put("within_bound", ms <= bound);
            } else {
                alert.put("latency_ms", -1).put("within_bound", false).put("note", "no firing alert seen within 60 s");
            }
        }
        return node;
    }

    static ObjectNode percentiles(Percentiles p) {
        return JSON.createObjectNode().put("count", p.count()).put("p50", p.p50()).put("p90", p.p90())
                .put("p99", p.p99()).put("max", p.max());
    }

    /** A read_committed reader of every partition of a topic from its current end, on its own thread. */
    private static Thread reader(KafkaConnection kafka, String topic, AtomicBoolean stop,
                                 BiConsumer<ConsumerRecord<String, byte[]>, Long> onRecord) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties(Map.of(
                "isolation.level", "read_committed", "enable.auto.commit", false, "max.poll.records", 2000)));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        onRecord.accept(record, now);
                    }
                }
            }
        }, "bench-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Kafka Streams' {@code commit-total} summed over each stage's stream threads. */
    static Map<String, Double> commits(GenaimonRuntime runtime, List<String> stageNames) {
        Map<String, Double> commits = new java.util.TreeMap<>();
        for (String stage : stageNames) {
            var app = runtime.stage(stage);
            if (app == null) {
                continue;
            }
            double sum = 0;
            for (var entry : app.streams().metrics().entrySet()) {
                if (entry.getKey().name().equals("commit-total")
                        && entry.getKey().group().equals("stream-thread-metrics")
                        && entry.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    sum += n.doubleValue();
                }
            }
            commits.put(stage, sum);
        }
        return commits;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
