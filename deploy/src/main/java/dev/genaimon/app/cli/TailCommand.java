package dev.genaimon.app.cli;

import dev.genaimon.app.broker.EmbeddedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.Durations;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.tail.TopicTail;
import dev.genaimon.app.wiring.KafkaConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
            description = "Stop when nothing arrives for this long, e.g. 10s (default: wait forever; 3s when tail "
                    + "had to start the embedded broker of a stopped genaimon to read its data).")
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
        GenaimonConfig config = options.load();
        KafkaConnection kafka = KafkaConnection.attach(config, bootstrapServers);
        EmbeddedKafka stopped = null;
        if ((bootstrapServers == null || bootstrapServers.isBlank()) && config.embeddedBroker()
                && !answers(kafka.bootstrapServers()) && hasBrokerData(config)) {
            // nothing runs on the data directory (genaimon demo or run has ended): read it with a broker of our own,
            // and since nothing new can arrive, stop when the records are printed
            Path dataDir = Path.of(config.get(ConfigKeys.DATA_DIR));
            System.err.println("tail: no genaimon running on " + dataDir + "; starting its broker to read it");
            stopped = EmbeddedKafka.start(dataDir, 0);
            kafka = new KafkaConnection(stopped.bootstrapServers(), config);
            idle = idle == null ? Duration.ofSeconds(3) : idle;
        }
        try {
            TopicTail.run(kafka.clientProperties(Map.of()), kafka.serdes().genericDecoder(), topic,
                    new TopicTail.Options(fromBeginning, max, idle, withMetadata), System.out, System.err);
        } finally {
            if (stopped != null) {
                stopped.close();
            }
        }
        return 0;
    }

    private static boolean hasBrokerData(GenaimonConfig config) {
        return Files.exists(Path.of(config.get(ConfigKeys.DATA_DIR)).resolve("kafka").resolve("meta.properties"));
    }

    /** Whether something accepts connections at the first bootstrap address. */
    private static boolean answers(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0].strip();
        int colon = first.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(first.substring(0, colon),
                    Integer.parseInt(first.substring(colon + 1))), 1_000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
