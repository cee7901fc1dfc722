package dev.genaimon.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.bench.Bench;
import dev.genaimon.app.bench.PoisonRun;
import dev.genaimon.app.bench.ChaosBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure genaimon against raw Kafka on an embedded broker, in the same run (ratios, not "
                + "absolute numbers, are what compares across machines)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000", description = "Interactions (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "2048", description = "Approximate interaction size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--stages", paramLabel = "LIST", defaultValue = "ingest,enrich",
            description = "Stages to measure: ingest, enrich, drift alone; metrics, eval, alerting or full run the"
                    + " full pipeline (every stage in one runtime, then latency at a paced rate) (default ${DEFAULT-VALUE}).")
    String stages;

    @Option(names = "--rate", paramLabel = "R|max", defaultValue = "max",
            description = "Full pipeline: events/s of the paced latency phase; max = half the measured maximum"
                    + " (default ${DEFAULT-VALUE}). Soak: events/s sent (max = 500).")
    String rate;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "30",
            description = "Length of the paced latency phase (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--trace", paramLabel = "CSV",
            description = "Load shape from an Azure LLM inference trace (TIMESTAMP,ContextTokens,GeneratedTokens):"
                    + " arrival gaps scaled to the rate, token counts scaled to --size.")
    Path trace;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "0",
            description = "Spread the interactions over N tenant/app segments (0: four realistic ones).")
    int segments;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Memory soak instead of the benchmark: the full pipeline fed at --rate for this long"
                    + " (e.g. 30m), heap/RSS sampled every 10 s, growth reported.")
    java.time.Duration duration;

    @Option(names = "--signal-window", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Safety signal window in full-pipeline runs (the alert latency bound is window + grace +"
                    + " 5 s; default ${DEFAULT-VALUE}).")
    java.time.Duration signalWindow;

    @Option(names = "--signal-grace", paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Grace of that window (default ${DEFAULT-VALUE}).")
    java.time.Duration signalGrace;

    @Option(names = "--commit-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "streams.commit-interval (enrich's exactly-once commit interval) for this run; default:"
                    + " the configured one (100ms).")
    java.time.Duration commitInterval;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Stream threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the report as JSON.")
    Path json;

    @Option(names = "--poison", paramLabel = "N", defaultValue = "0",
            description = "Fault test instead of the benchmark: N malformed records mixed into --events valid ones on"
                    + " the raw topic of a full genaimon; exit 1 unless every one is dead-lettered with its provenance"
                    + " and no valid record is lost or doubled (issue 10: --events 1000000 --poison 10000).")
    int poison;

    @Option(names = "--instances", paramLabel = "K", description = "Run the pipeline in K processor JVMs (and in 1 "
            + "for comparison): throughput, partition split, exactness (see docs/reliability.md).")
    Integer instances;

    @Option(names = "--chaos", description = "Fault run: 2 processor JVMs, one killed with kill -9 three times, every "
            + "output checked for exactness; exit code 1 if not exact (see docs/reliability.md).")
    boolean chaos;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || size < 256 || threads < 1 || latencySeconds < 1 || segments < 0) {
            throw new IllegalArgumentException("--events must be >= 1, --size >= 256, --threads >= 1,"
                    + " --latency-seconds >= 1, --segments >= 0");
        }
        if (chaos || instances != null) {
            return ChaosBench.run(chaos, instances, events, size, json, System.out);
        }
        if (poison > 0) {
            ObjectNode report = PoisonRun.run(events, poison, size, System.out);
            if (json != null) {
                Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            }
            return report.get("passed").asBoolean() ? 0 : 1;
        }
        Set<String> chosen = Set.of(stages.strip().split("\\s*,\\s*"));
        for (String stage : chosen) {
            if (!Bench.STAGES.contains(stage)) {
                throw new IllegalArgumentException("unknown stage '" + stage + "'; one of " + Bench.STAGES);
            }
        }
        ObjectNode report = Bench.run(new Bench.Options(events, size, chosen, threads, parseRate(rate),
                latencySeconds, trace, segments, duration, signalWindow, signalGrace, commitInterval), System.out);
        if (json != null) {
            Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        return 0;
    }

    /** 30s, 5m, 500ms or ISO-8601. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            return dev.genaimon.app.config.Durations.parse(value);
        }
    }

    /** {@code max} (null: derived from the measured maximum) or a positive number of events per second. */
    static Double parseRate(String text) {
        if (text.equalsIgnoreCase("max")) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--rate must be 'max' or a positive number of events/s, got '" + text + "'");
    }
}
