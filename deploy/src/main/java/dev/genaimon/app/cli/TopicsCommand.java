package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.app.wiring.TopicAdmin;
import dev.genaimon.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true, description = "Show or create genaimon's topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every missing catalog topic on the cluster (idempotent; existing topics are kept).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Cluster to use (default: kafka.bootstrap-servers, else the embedded broker).")
        String bootstrapServers;

        @Override
        public Integer call() throws Exception {
            GenaimonConfig config = options.load();
            KafkaConnection kafka = KafkaConnection.attach(config, bootstrapServers);
            try (TopicAdmin admin = new TopicAdmin(kafka, config.get(ConfigKeys.TOPIC_REPLICATION).shortValue())) {
                for (TopicAdmin.Created topic : admin.createMissing(Duration.ofSeconds(30))) {
                    System.out.printf("%-34s %s%n", topic.topic(), topic.created() ? "created: " + topic.detail()
                            : topic.detail());
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the topic catalog.")
    static final class ListTopics implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            KafkaConnection kafka = new KafkaConnection("unused", options.load());
            for (TopicSpec<?, ?> topic : kafka.topics().all()) {
                System.out.printf("%-34s partitions=%-3d %s%n", topic.name(), topic.partitions(), topic.config());
            }
            return 0;
        }
    }
}
