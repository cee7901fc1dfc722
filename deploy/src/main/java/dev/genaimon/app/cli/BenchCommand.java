package dev.genaimon.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.bench.Bench;
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
            description = "Stages to measure: ingest, enrich, drift (default ${DEFAULT-VALUE}).")
    String stages;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Stream threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the report as JSON.")
    Path json;

    @Option(names = "--instances", paramLabel = "K", description = "Run the pipeline in K processor JVMs (and in 1 "
            + "for comparison): throughput, partition split, exactness (see docs/reliability.md).")
    Integer instances;

    @Option(names = "--chaos", description = "Fault run: 2 processor JVMs, one killed with kill -9 three times, every "
            + "output checked for exactness; exit code 1 if not exact (see docs/reliability.md).")
    boolean chaos;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || size < 256 || threads < 1) {
            throw new IllegalArgumentException("--events must be >= 1, --size >= 256, --threads >= 1");
        }
        if (chaos || instances != null) {
            return ChaosBench.run(chaos, instances, events, size, json, System.out);
        }
        Set<String> chosen = Set.of(stages.split("\\s*,\\s*"));
        for (String stage : chosen) {
            if (!Set.of("ingest", "enrich", "drift").contains(stage)) {
                throw new IllegalArgumentException("unknown stage '" + stage + "'; measured today: ingest, enrich, drift");
            }
        }
        ObjectNode report = Bench.run(new Bench.Options(events, size, chosen, threads), System.out);
        if (json != null) {
            Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        return 0;
    }
}
