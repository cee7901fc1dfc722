package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fault 1, kill -9: {@code instances} processor JVMs run the pipeline; while the input is being processed, instance 0
 * is killed with {@code destroyForcibly()} (SIGKILL) {@code kills} times, each time in the middle of a chunk of the
 * input, and started again on its data directory. Afterwards every output is checked for exactness
 * ({@link ExactnessCheck}). {@code genaimon bench --chaos} runs it at full size on its own embedded broker; the
 * integration test runs it at CI size.
 */
public final class ChaosRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChaosRun() {
    }

    /** {@code genaimon bench --chaos}: own embedded broker in a temporary directory, then {@link #killNine}. */
    public static ObjectNode standalone(PipelineRun.Options options, int kills, Duration timeout, PrintStream out)
            throws Exception {
        try (WorkDir work = WorkDir.create("genaimon-chaos-")) {
            Path dir = work.path();
            out.printf("chaos: work directory %s (children's logs instance-*.log; kept if the run is not exact)%n",
                    dir);
            work.keep(); // until the verdict says otherwise: a crash of this JVM leaves the logs too
            ObjectNode report;
            try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
                report = killNine(options, kills, kafka.bootstrapServers(), dir.resolve("run"), timeout, out);
            }
            if (report.path("verdict").path("ok").asBoolean(false)) {
                work.release();
            }
            return report;
        }
    }

    /**
     * Runs the kill -9 scenario on a broker and returns the report: {@code verdict} (ok, checks), {@code kills}
     * (pid, when, enrich progress), {@code events}, {@code seconds}.
     */
    public static ObjectNode killNine(PipelineRun.Options options, int kills, String bootstrap, Path dir,
                                      Duration timeout, PrintStream out) throws Exception {
        ObjectNode report = JSON.createObjectNode();
        report.put("fault", "kill -9").put("events", options.events()).put("instances", options.instances())
                .put("partitions", options.partitions()).put("kills", kills);
        long started = System.nanoTime();
        try (PipelineRun run = new PipelineRun(options, bootstrap, dir, out)) {
            out.printf("chaos: %,d interactions (+%d closers), %d sampled for evaluation, %d segment windows;"
                            + " starting %d instances%n", run.dataSize(),
                    run.expected().ids().size() - run.dataSize(), run.expected().sampled().size(),
                    run.expected().windowCounts().size(), options.instances());
            run.startInstances();
            ArrayNode killed = report.putArray("kill_log");
            int chunks = kills + 1;
            int chunk = Math.max(1, run.dataSize() / chunks);
            for (int k = 0; k < kills; k++) {
                run.produceUpTo((k + 1) * chunk);
                // kill once the enrich stage is a third into this chunk: the rest of it, and everything downstream
                // of it, is in flight
                run.awaitEnriched((long) k * chunk + chunk / 3, timeout);
                ChildInstance victim = run.child(0);
                long pid = victim.pid();
                victim.kill();
                double at = (System.nanoTime() - started) / 1e9;
                out.printf("chaos: kill -9 of instance-0 (pid %d) at %.1f s, %,d of %,d written%n", pid, at,
                        (k + 1) * chunk, run.dataSize());
                killed.addObject().put("pid", pid).put("at_s", Math.round(at * 10) / 10.0)
                        .put("written", (k + 1) * chunk);
                victim.startUntilReady(PipelineRun.READY, PipelineRun.START_ATTEMPTS);
            }
            run.produceRestAndClosers(timeout);
            double produced = (System.nanoTime() - started) / 1e9;
            boolean done = run.awaitDone(timeout);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("chaos: data processed and closers written at %.1f s; pipeline %s at %.1f s%n", produced,
                    done ? "caught up" : "NOT caught up (timeout)", seconds);
            ExactnessCheck.Verdict verdict = run.stopAndVerify();
            out.print(verdict);
            report.put("failed_starts", run.failedStarts()).put("caught_up", done).put("seconds", Math.round(seconds * 10) / 10.0)
                    .put("events_per_s", Math.round(run.dataSize() / seconds));
            report.set("verdict", verdict.toJson());
            report.put("ok", done && verdict.ok());
        }
        return report;
    }
}
