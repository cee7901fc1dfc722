package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code genaimon bench --instances K}: the pipeline in one child JVM, then in K, each on a fresh embedded broker
 * with the same input; reports the throughput of both (from the first record written until every group has
 * committed the end of its input), the partition split of each stage's input topic between the instances (every
 * partition owned by exactly one member) and the exactness verdict of each run.
 */
public final class InstancesRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InstancesRun() {
    }

    public static ObjectNode run(PipelineRun.Options options, Duration timeout, PrintStream out) throws Exception {
        ObjectNode report = JSON.createObjectNode();
        report.put("events", options.events()).put("partitions", options.partitions())
                .put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode runs = report.putArray("runs");
        List<Integer> counts = options.instances() == 1 ? List.of(1) : List.of(1, options.instances());
        for (int k : counts) {
            PipelineRun.Options one = new PipelineRun.Options(options.events(), options.sizeBytes(), k,
                    options.partitions(), options.span(), options.evalRate(), options.heap());
            runs.add(once(one, timeout, out));
        }
        if (runs.size() == 2) {
            report.put("speedup", runs.get(1).get("events_per_s").asDouble() / runs.get(0).get("events_per_s").asDouble());
        }
        boolean ok = true;
        for (var run : runs) {
            ok &= run.get("ok").asBoolean();
        }
        report.put("ok", ok);
        return report;
    }

    private static ObjectNode once(PipelineRun.Options options, Duration timeout, PrintStream out) throws Exception {
        try (WorkDir work = WorkDir.create("genaimon-instances-")) {
            return once(options, timeout, work.path(), out);
        }
    }

    private static ObjectNode once(PipelineRun.Options options, Duration timeout, Path dir, PrintStream out)
            throws Exception {
        ObjectNode result = JSON.createObjectNode().put("instances", options.instances());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             PipelineRun run = new PipelineRun(options, kafka.bootstrapServers(), dir.resolve("run"), out)) {
            run.startInstances();
            long start = System.nanoTime();
            run.produceRestAndClosers(timeout);
            boolean done = run.awaitDone(timeout);
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = run.dataSize() / seconds;
            result.put("caught_up", done).put("seconds", Math.round(seconds * 10) / 10.0)
                    .put("events_per_s", Math.round(rate));
            ObjectNode split = result.putObject("split");
            boolean splitOk = split(run, split);
            ExactnessCheck.Verdict verdict = run.stopAndVerify();
            result.put("split_ok", splitOk);
            result.set("verdict", verdict.toJson());
            result.put("ok", done && splitOk && verdict.ok());
            out.printf("instances %d: %,.0f events/s (%.1f s, %s), split %s, %s%n", options.instances(), rate,
                    seconds, done ? "caught up" : "NOT caught up", splitOk ? "disjoint and complete" : "WRONG",
                    verdict.ok() ? "exact" : "NOT exact: " + verdict.failed());
            out.println("  split: " + split);
        }
        return result;
    }

    /**
     * Per stage group: the input partitions each member owns. True when, for every group, the members' partitions of
     * each topic are disjoint and cover the topic.
     */
    private static boolean split(PipelineRun run, ObjectNode into) throws Exception {
        boolean ok = true;
        try (Admin admin = Admin.create(run.kafka().clientProperties(Map.of()))) {
            Set<String> groups = new TreeSet<>();
            admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().forEach(g -> {
                if (g.groupId().startsWith(run.prefix() + "-")) {
                    groups.add(g.groupId());
                }
            });
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
            for (String group : groups) {
                ObjectNode node = into.putObject(group.substring(run.prefix().length() + 1));
                List<TopicPartition> all = new ArrayList<>();
                int member = 0;
                for (MemberDescription m : described.get(group).members()) {
                    Set<TopicPartition> owned = m.assignment().topicPartitions();
                    all.addAll(owned);
                    node.put("member-" + member++, owned.stream().filter(tp -> !tp.topic().startsWith(run.prefix()))
                            .map(tp -> tp.topic().replace("genaimon.", "") + "-" + tp.partition()).sorted().toList()
                            .toString() + " + " + owned.stream().filter(tp -> tp.topic().startsWith(run.prefix()))
                            .count() + " internal");
                }
                Set<TopicPartition> distinct = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
                distinct.addAll(all);
                Set<String> topics = new TreeSet<>();
                all.forEach(tp -> topics.add(tp.topic()));
                int expected = 0;
                for (String topic : topics) {
                    expected += admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                }
                boolean groupOk = distinct.size() == all.size() && distinct.size() == expected;
                node.put("ok", groupOk);
                ok &= groupOk;
            }
        }
        return ok;
    }
}
