package dev.genaimon.app.cli;

import dev.genaimon.app.broker.EmbeddedKafka;
import dev.genaimon.app.wiring.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run only the embedded single-node Kafka broker (KRaft) on 127.0.0.1, for local development.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "genaimon-data",
            description = "Data directory, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "9092",
            description = "Client port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port);
        Files.writeString(dataDir.resolve(KafkaConnection.ADDRESS_FILE), kafka.bootstrapServers() + "\n",
                StandardCharsets.UTF_8);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "genaimon-broker-shutdown"));
        System.out.println("Kafka broker running on " + kafka.bootstrapServers() + " (data in "
                + dataDir.toAbsolutePath() + "). Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
