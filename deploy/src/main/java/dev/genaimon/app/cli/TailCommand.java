package dev.genaimon.app.cli;

import dev.genaimon.app.config.Durations;
import dev.genaimon.app.tail.TopicTail;
import dev.genaimon.app.wiring.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a topic's records as JSON lines, decoding Avro in either wire format.")
final class TailCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "TOPIC", description = "e.g. genaimon.interactions.raw.v1 (see 'genaimon topics list').")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record instead of the end.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "Stop after N records.")
    long max;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Stop when nothing arrives for this long, e.g. 10s (default: wait forever).")
    String timeout;

    @Option(names = "--with-metadata", description = "Wrap each value with topic, partition, offset, timestamp, key.")
    boolean withMetadata;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Cluster to read (default: kafka.bootstrap-servers, else the embedded broker).")
    String bootstrapServers;

    @Override
    public Integer call() {
        if (max < 0) {
            throw new IllegalArgumentException("--max must not be negative");
        }
        Duration idle = timeout == null ? null : Durations.parse(timeout);
        KafkaConnection kafka = KafkaConnection.attach(options.load(), bootstrapServers);
        TopicTail.run(kafka.clientProperties(Map.of()), kafka.serdes().genericDecoder(), topic,
                new TopicTail.Options(fromBeginning, max, idle, withMetadata), System.out, System.err);
        return 0;
    }
}
