package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code genaimon bench --chaos} and {@code genaimon bench --instances K}: the child-JVM runs, with a verdict. */
public final class ChaosBench {

    private static final int PARTITIONS = 6;
    private static final double EVAL_RATE = 0.05;
    private static final String HEAP = "512m";

    private ChaosBench() {
    }

    /**
     * @param chaos     run the kill -9 fault (two instances, three kills)
     * @param instances run the pipeline in 1 and in K instances (null: not asked)
     * @return the exit code: 0 when every run caught up and was exact, 1 otherwise
     */
    public static int run(boolean chaos, Integer instances, int events, int size, Path json, PrintStream out)
            throws Exception {
        if (instances != null && instances < 1) {
            throw new IllegalArgumentException("--instances must be >= 1");
        }
        // one-minute windows over the event-time span; about 30 windows at a million events
        Duration span = Duration.ofMinutes(Math.max(5, Math.min(30, events / 30_000)));
        // generous: a loaded 2-core machine processes a few hundred to a few thousand interactions a second
        Duration timeout = Duration.ofSeconds(Math.max(600, events / 50));
        ObjectNode report = new ObjectMapper().createObjectNode();
        boolean ok = true;
        if (chaos) {
            ObjectNode result = ChaosRun.standalone(new PipelineRun.Options(events, size, 2, PARTITIONS, span,
                    EVAL_RATE, HEAP), 3, timeout, out);
            report.set("chaos", result);
            ok &= result.get("ok").asBoolean();
            out.printf("chaos verdict: %s%n", result.get("ok").asBoolean() ? "EXACT" : "NOT EXACT");
        }
        if (instances != null) {
            ObjectNode result = InstancesRun.run(new PipelineRun.Options(events, size, instances, PARTITIONS, span,
                    EVAL_RATE, HEAP), timeout, out);
            report.set("instances", result);
            ok &= result.get("ok").asBoolean();
        }
        report.put("ok", ok);
        if (json != null) {
            Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        return ok ? 0 : 1;
    }
}
