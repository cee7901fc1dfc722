package dev.genaimon.app.cli;

import com.sun.net.httpserver.HttpServer;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.EvalStages;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.processors.eval.worker.EvalWorker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code genaimon eval-worker}: the evaluation worker alone, so it scales independently of {@code genaimon run} (start
 * as many as {@code genaimon.eval-requests.v1} has partitions, each with its own {@code --instance-id}).
 */
@Command(name = "eval-worker", mixinStandardHelpOptions = true,
        description = {"Run the evaluation worker: score sampled interactions from genaimon.eval-requests.v1 with the"
                + " installed evaluators and publish each score exactly once to genaimon.eval-scores.v1.",
                "Workers share the consumer group <prefix>-eval-worker; give each instance its own --instance-id."})
final class EvalWorkerCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka to use (default: kafka.bootstrap-servers, else the embedded broker of --data-dir).")
    String bootstrapServers;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Stable unique id of this worker (eval.worker.instance-id; default: the host name).")
    String instanceId;

    @Option(names = "--evaluators", paramLabel = "NAMES",
            description = "Comma-separated evaluators to run (eval.evaluators; default: all installed).")
    String evaluators;

    @Option(names = "--batch-size", paramLabel = "N", description = "Requests per batch (eval.worker.batch-size).")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluator threads (eval.worker.threads).")
    Integer threads;

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "0",
            description = "Serve Prometheus metrics on http://127.0.0.1:N/metrics (0: off).")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        put(overrides, ConfigKeys.EVAL_WORKER_INSTANCE_ID.name(), instanceId);
        put(overrides, ConfigKeys.EVAL_EVALUATORS.name(), evaluators);
        put(overrides, ConfigKeys.EVAL_WORKER_BATCH_SIZE.name(), batchSize);
        put(overrides, ConfigKeys.EVAL_WORKER_THREADS.name(), threads);
        GenaimonConfig config = options.load(overrides);
        KafkaConnection kafka = KafkaConnection.attach(config, bootstrapServers);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer server = metricsPort > 0 ? metricsServer(meters, metricsPort) : null;
        EvalWorker worker = EvalStages.startWorker(config, kafka, meters, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            if (server != null) {
                server.stop(0);
            }
            stopped.countDown();
        }, "genaimon-eval-worker-shutdown"));
        System.out.printf("eval worker running against %s%s; Ctrl-C to stop.%n", kafka.bootstrapServers(),
                server != null ? ", metrics on http://127.0.0.1:" + metricsPort + "/metrics" : "");
        stopped.await();
        return worker.failure() == null ? 0 : 1;
    }

    private static void put(Map<String, String> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
    }

    private static HttpServer metricsServer(PrometheusMeterRegistry meters, int port) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
