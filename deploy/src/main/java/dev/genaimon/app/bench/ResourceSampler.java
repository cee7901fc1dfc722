package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples, every period on its own thread: process CPU (load and cumulative time), heap used, RSS, and the consumer
 * lag of each group (end offset minus committed offset over the partitions assigned to the group's members; -1 while
 * a group has no members or no assignment). The samples go into the JSON report.
 */
final class ResourceSampler implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Admin admin;
    private final List<String> groups;
    private final long periodMillis;
    private final long startNanos = System.nanoTime();
    private final ArrayNode samples = JSON.createArrayNode();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Map<String, Long> lastLag = Map.of();

    private final Map<String, Object> consumerProps;
    private org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> probe;

    /**
     * @param admin         may be null: then no lag is sampled
     * @param consumerProps connection properties for a read_committed probe consumer that tells transaction markers
     *                      from records (see {@link #lags}); null to count offsets only
     */
    ResourceSampler(Admin admin, Map<String, Object> consumerProps, List<String> groups, long periodMillis) {
        this.admin = admin;
        this.consumerProps = consumerProps;
        this.groups = List.copyOf(groups);
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::loop, "bench-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (!stopped) {
            long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(periodMillis);
            try {
                sampleNow();
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return; // stopped while the lag probe was polling: the run is over
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    private void sampleNow() {
        ObjectNode sample = JSON.createObjectNode();
        sample.put("t_s", Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0);
        Snapshot now = Snapshot.take();
        sample.put("cpu_load", Math.round(now.cpuLoad() * 1000) / 1000.0).put("cpu_s", now.cpuSeconds())
                .put("heap_mb", now.heapMb()).put("heap_after_gc_mb", now.heapAfterGcMb()).put("rss_mb", now.rssMb())
                .put("direct_mb", now.directMb());
        if (admin != null && !groups.isEmpty()) {
            if (probe == null && consumerProps != null) {
                Map<String, Object> props = new HashMap<>(consumerProps);
                props.put("isolation.level", "read_committed");
                props.put("enable.auto.commit", false);
                probe = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            }
            Map<String, Long> lag = lags(admin, probe, groups);
            lastLag = lag;
            ObjectNode lagNode = sample.putObject("lag");
            lag.forEach(lagNode::put);
        }
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** Seconds from {@code startNanos} (a System.nanoTime value) to this sampler's t_s = 0. */
    double startOffsetSeconds(long startNanos) {
        return (this.startNanos - startNanos) / 1e9;
    }

    /** The lag of each group at the last sample. */
    Map<String, Long> lastLag() {
        return lastLag;
    }

    ArrayNode samples() {
        synchronized (samples) {
            return samples.deepCopy();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
        if (probe != null && !thread.isAlive()) {
            probe.close();
        }
    }

    /** Process CPU, heap and RSS at one moment. */
    record Snapshot(double cpuLoad, double cpuSeconds, long heapMb, long heapAfterGcMb, long rssMb, long directMb) {
        static Snapshot take() {
            double load = -1;
            double cpu = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                load = os.getProcessCpuLoad();
                cpu = Math.round(os.getProcessCpuTime() / 1e7) / 100.0;
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            long afterGc = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    afterGc += pool.getCollectionUsage().getUsed();
                }
            }
            return new Snapshot(load, cpu, heap, afterGc >> 20, rssKb() / 1024, directBytes() >> 20);
        }
    }

    /**
     * Memory of the JVM's direct ByteBuffers (the "direct" buffer pool: NIO's per-thread cache of temporary direct
     * buffers for socket and file I/O with heap buffers included), which NMT counts under "Other"; -1 if unknown.
     */
    static long directBytes() {
        for (var pool : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }

    /** VmRSS of this process in kB, or -1 where /proc is not there. */
    static long rssKb() {
        try {
            return rssKb(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The VmRSS line of a /proc/PID/status text ({@code VmRSS:\t  123456 kB}) in kB, or -1. */
    static long rssKb(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String number = line.substring(6).strip().split("\\s+")[0];
                try {
                    return Long.parseLong(number);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Least-squares slope of y over x (x in seconds): units of y per second; 0 with fewer than two points. */
    static double slope(double[] x, double[] y) {
        return fit(x, y).slope();
    }

    /** A least-squares line: slope (units of y per unit of x), its standard error and the number of points. */
    record Fit(double slope, double standardError, int points) {

        /** Half-width of the 95 % confidence interval of the slope (Student t, points - 2 degrees of freedom). */
        double halfWidth95() {
            return points < 3 ? Double.NaN : t975(points - 2) * standardError;
        }
    }

    /**
     * Least-squares fit of y over x with the slope's standard error: the slope is 0 with fewer than two points (or
     * no spread in x), the error NaN with fewer than three. One pass for the means, one for the sums of squares, one
     * for the residuals.
     */
    static Fit fit(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        if (n < 2) {
            return new Fit(0, Double.NaN, n);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        if (n < 3) {
            return new Fit(slope, Double.NaN, n);
        }
        double intercept = my - slope * mx;
        double residuals = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * x[i]);
            residuals += r * r;
        }
        double error = sxx == 0 ? Double.NaN : Math.sqrt(residuals / (n - 2) / sxx);
        return new Fit(slope, error, n);
    }

    /**
     * The 97.5 % quantile of Student's t with {@code df} degrees of freedom: exact table values up to 5, then the
     * Cornish-Fisher expansion around the normal quantile (error below 0.002 from 6 on).
     */
    static double t975(int df) {
        double[] small = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571};
        if (df < small.length) {
            return df < 1 ? Double.NaN : small[df];
        }
        double z = 1.959964;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double d = df;
        return z + (z3 + z) / (4 * d) + (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * d * d * d);
    }

    static final int MARKER_SLACK = 2;

    /** Committed records in [from, to) of one partition, read with read_committed. */
    static int recordsBetween(org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> probe,
                              TopicPartition partition, long from, long to) {
        probe.assign(List.of(partition));
        probe.seek(partition, from);
        int records = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3); // a loaded broker is slow
        while (probe.position(partition) < to && System.nanoTime() < deadline) {
            for (var record : probe.poll(java.time.Duration.ofMillis(100)).records(partition)) {
                if (record.offset() < to) {
                    records++;
                }
            }
        }
        return probe.position(partition) < to ? (int) Math.max(1, to - probe.position(partition)) + records : records;
    }

    /** Sum over the assigned partitions of max(0, end - committed), a missing commit counting as offset 0. */
    static long lag(Collection<TopicPartition> assigned, Map<TopicPartition, Long> end,
                    Map<TopicPartition, Long> committed) {
        long total = 0;
        for (TopicPartition partition : assigned) {
            long e = end.getOrDefault(partition, 0L);
            long c = committed.getOrDefault(partition, 0L);
            total += Math.max(0, e - c);
        }
        return total;
    }

    /**
     * Lag per group; -1 for a group without members or assignment (still joining) or when the broker did not answer.
     * A transactional consumer that commits "last record + 1" (the eval worker) stays one offset short of the end
     * when a transaction marker follows its last record: with a {@code probe} consumer, a partition that is at most
     * {@link #MARKER_SLACK} offsets behind counts only the committed records really left between the two offsets.
     */
    static Map<String, Long> lags(Admin admin, org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> probe,
                                  List<String> groups) {
        Map<String, Long> result = new LinkedHashMap<>();
        try {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                    .get(10, TimeUnit.SECONDS);
            Map<String, List<TopicPartition>> assigned = new HashMap<>();
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            for (String group : groups) {
                List<TopicPartition> partitions = new ArrayList<>();
                ConsumerGroupDescription description = described.get(group);
                if (description != null) {
                    for (MemberDescription member : description.members()) {
                        partitions.addAll(member.assignment().topicPartitions());
                    }
                }
                assigned.put(group, partitions);
                partitions.forEach(p -> wanted.put(p, OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            if (!wanted.isEmpty()) {
                admin.listOffsets(wanted).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> end.put(p, info.offset()));
            }
            for (String group : groups) {
                List<TopicPartition> partitions = assigned.get(group);
                if (partitions.isEmpty()) {
                    result.put(group, -1L);
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> committed = new HashMap<>();
                offsets.forEach((p, o) -> {
                    if (o != null) {
                        committed.put(p, o.offset());
                    }
                });
                if (probe != null) {
                    for (TopicPartition partition : partitions) {
                        long behind = end.getOrDefault(partition, 0L) - committed.getOrDefault(partition, 0L);
                        if (behind > 0 && behind <= MARKER_SLACK && committed.containsKey(partition)
                                && recordsBetween(probe, partition, committed.get(partition), end.get(partition)) == 0) {
                            committed.put(partition, end.get(partition)); // only markers in between
                        }
                    }
                }
                result.put(group, lag(partitions, end, committed));
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            groups.forEach(g -> result.putIfAbsent(g, -1L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            groups.forEach(g -> result.putIfAbsent(g, -1L));
        }
        return result;
    }
}
