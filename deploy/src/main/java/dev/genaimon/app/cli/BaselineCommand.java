package dev.genaimon.app.cli;

import dev.genaimon.app.baseline.BaselineFiles;
import dev.genaimon.app.baseline.BaselineTopic;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.processors.drift.BaselineBuilder;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.FeatureProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Reference profiles for drift (production) and training-serving skew (evaluation).",
        subcommands = {BaselineCommand.Build.class, BaselineCommand.ListBaselines.class, BaselineCommand.Show.class,
                BaselineCommand.Activate.class, BaselineCommand.Deactivate.class})
final class BaselineCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static class Connection {
        @Mixin
        ConfigOptions options;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Cluster (default: kafka.bootstrap-servers, else the embedded broker).")
        String bootstrapServers;

        BaselineTopic topic() {
            return new BaselineTopic(KafkaConnection.attach(options.load(), bootstrapServers));
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Profile a dataset and publish it (active) to genaimon.baselines.v1.",
                    "--from: JSON lines of interactions (the ingest shape; features computed as online) or of "
                            + "feature rows."})
    static final class Build extends Connection implements Callable<Integer> {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--kind", required = true, description = "evaluation (skew) or production (drift).")
        String kind;

        @Option(names = "--segment", required = true, paramLabel = "PATTERN",
                description = "Segments it applies to, '*' per dimension, e.g. acme/support-bot/*/*.")
        String segment;

        @Option(names = "--from", required = true, paramLabel = "FILE.jsonl")
        Path from;

        @Option(names = "--id", description = "Baseline id (default: derived from the name).")
        String id;

        @Option(names = "--embeddings", paramLabel = "N", defaultValue = "200",
                description = "Texts of an interactions file embedded (bundled MiniLM) into the baseline for "
                        + "embedding drift; 0 for none (default ${DEFAULT-VALUE}).")
        int embeddings;

        @Option(names = "--embedding-field", defaultValue = "prompt",
                description = "prompt or response, as drift.embedding.field (default ${DEFAULT-VALUE}).")
        String embeddingField;

        @Override
        public Integer call() throws Exception {
            if (!embeddingField.equals("prompt") && !embeddingField.equals("response")) {
                System.err.println("--embedding-field must be prompt or response, was " + embeddingField);
                return 2;
            }
            String baselineId = id != null ? id : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            BaselineProfile baseline = BaselineFiles.build(new BaselineBuilder.Spec(baselineId, name, kind, segment,
                    from.toString(), Instant.now(), BaselineBuilder.Spec.DEFAULT_NUMERIC_K), from, System.err,
                    embeddings, embeddingField);
            topic().publish(baseline);
            System.out.printf("published baseline %s (%s, %s, %d features, %d embeddings) to genaimon.baselines.v1%n",
                    baselineId, kind, segment, baseline.getFeatures().size(),
                    baseline.getEmbeddings() == null ? 0 : baseline.getEmbeddings().getCount());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the baselines.")
    static final class ListBaselines extends Connection implements Callable<Integer> {
        @Override
        public Integer call() {
            for (BaselineProfile b : topic().readAll().values()) {
                System.out.printf("%-28s %-10s %-8s %-30s %d features  %s%n", b.getBaselineId(), b.getKind(),
                        b.getActive() ? "active" : "inactive", b.getSegmentPattern(), b.getFeatures().size(),
                        b.getName());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one baseline's features.")
    static final class Show extends Connection implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String baselineId;

        @Override
        public Integer call() {
            BaselineProfile b = find(topic(), baselineId);
            System.out.printf("%s  %s  kind=%s  active=%s  segment=%s  source=%s  created=%s%n", b.getBaselineId(),
                    b.getName(), b.getKind(), b.getActive(), b.getSegmentPattern(), b.getSourceDescription(),
                    b.getCreatedAt());
            for (FeatureProfile f : b.getFeatures()) {
                System.out.printf("  %-28s %-12s n=%-8d nulls=%-6d sketch=%d bytes%n", f.getName(), f.getType(),
                        f.getCount(), f.getNullCount(), f.getSketch().remaining());
            }
            if (b.getEmbeddings() != null) {
                System.out.printf("  %-28s %-12s n=%-8d dimension=%d model=%s%n", "(embeddings)", "vectors",
                        b.getEmbeddings().getCount(), b.getEmbeddings().getDimension(), b.getEmbeddings().getModel());
            }
            return 0;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Make a baseline the active one.")
    static final class Activate extends Connection implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String baselineId;

        @Override
        public Integer call() throws Exception {
            return setActive(topic(), baselineId, true);
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Stop using a baseline.")
    static final class Deactivate extends Connection implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String baselineId;

        @Override
        public Integer call() throws Exception {
            return setActive(topic(), baselineId, false);
        }
    }

    private static int setActive(BaselineTopic topic, String id, boolean active) throws Exception {
        BaselineProfile baseline = find(topic, id);
        baseline.setActive(active);
        topic.publish(baseline);
        System.out.println(id + (active ? " activated" : " deactivated"));
        return 0;
    }

    private static BaselineProfile find(BaselineTopic topic, String id) {
        BaselineProfile baseline = topic.readAll().get(id);
        if (baseline == null) {
            throw new IllegalArgumentException("no baseline '" + id + "' on genaimon.baselines.v1");
        }
        return baseline;
    }
}
