package dev.genaimon.app.wiring;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.processors.eval.EvalAggregateSettings;
import dev.genaimon.processors.eval.EvalAggregateTopology;
import dev.genaimon.processors.eval.EvalSamplerSettings;
import dev.genaimon.processors.eval.EvalSamplerTopology;
import dev.genaimon.processors.eval.worker.EvalWorker;
import dev.genaimon.processors.eval.worker.EvalWorkerSettings;
import dev.genaimon.processors.eval.worker.EvaluationRunner;
import dev.genaimon.processors.eval.worker.EvaluatorRegistry;
import dev.genaimon.processors.feedback.FeedbackJoinSettings;
import dev.genaimon.processors.feedback.FeedbackJoinTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online evaluation path: the stages {@code eval-sampler}, {@code eval-aggregates} and {@code feedback-join}
 * (Kafka Streams), and the evaluation worker (its own consumer group, {@code <prefix>-eval-worker}).
 */
public final class EvalStages {

    private static final Logger LOG = LoggerFactory.getLogger(EvalStages.class);

    private EvalStages() {
    }

    /**
     * Starts the three stages through {@code startStage} (the runtime's: it stops them and reports their readiness).
     */
    public static void start(GenaimonConfig config, KafkaConnection kafka, Clock clock,
                             BiConsumer<String, Consumer<StreamsBuilder>> startStage) {
        EvalSamplerSettings sampler = samplerSettings(config);
        EvalAggregateSettings aggregates = new EvalAggregateSettings(config.get(ConfigKeys.EVAL_WINDOW),
                config.get(ConfigKeys.EVAL_GRACE));
        FeedbackJoinSettings feedback = feedbackSettings(config);
        startStage.accept("eval-sampler", builder ->
                EvalSamplerTopology.build(builder, sampler, kafka.topics(), kafka.serdes(), clock));
        startStage.accept("eval-aggregates", builder ->
                EvalAggregateTopology.build(builder, aggregates, kafka.topics(), kafka.serdes(), clock));
        startStage.accept("feedback-join", builder ->
                FeedbackJoinTopology.build(builder, feedback, kafka.topics(), kafka.serdes(), clock));
    }

    /** Starts the evaluation worker with the evaluators found by ServiceLoader; close it to stop. */
    public static EvalWorker startWorker(GenaimonConfig config, KafkaConnection kafka, MeterRegistry meters,
                                         Clock clock) {
        EvaluatorRegistry registry = EvaluatorRegistry.load(new EvaluatorContext(evaluatorSettings(config)),
                list(config.get(ConfigKeys.EVAL_EVALUATORS)));
        if (registry.defaults().isEmpty()) {
            LOG.warn("eval-worker: no evaluators are installed; evaluation requests will produce no scores");
        } else {
            LOG.info("eval-worker: evaluators {} (default set {})", registry.names(),
                    registry.defaults().stream().map(e -> e.name()).toList());
        }
        EvalWorkerSettings settings = workerSettings(config);
        return EvalWorker.start(settings, kafka.clientProperties(Map.of()), kafka.topics(),
                new EvaluationRunner(registry, settings.threads(), clock), meters, clock);
    }

    static EvalSamplerSettings samplerSettings(GenaimonConfig config) {
        int max = config.get(ConfigKeys.EVAL_SAMPLER_MAX_PER_MINUTE);
        return new EvalSamplerSettings(config.get(ConfigKeys.EVAL_SAMPLER_RATE), max,
                config.get(ConfigKeys.EVAL_SAMPLER_SAFETY_BOOST), config.get(ConfigKeys.EVAL_SAMPLER_DRIFT_BOOST),
                EvalSamplerSettings.parseOverrides(config.get(ConfigKeys.EVAL_SAMPLER_OVERRIDES), max),
                config.get(ConfigKeys.SEGMENT_DIMENSIONS));
    }

    static FeedbackJoinSettings feedbackSettings(GenaimonConfig config) {
        return FeedbackJoinSettings.defaults()
                .withJoinWindow(config.get(ConfigKeys.EVAL_FEEDBACK_BEFORE), config.get(ConfigKeys.EVAL_FEEDBACK_AFTER),
                        config.get(ConfigKeys.EVAL_FEEDBACK_GRACE))
                .withSignalWindow(config.get(ConfigKeys.EVAL_FEEDBACK_WINDOW), config.get(ConfigKeys.EVAL_FEEDBACK_GRACE))
                .withSegmentDimensions(config.get(ConfigKeys.SEGMENT_DIMENSIONS));
    }

    /** Group {@code <prefix>-eval-worker}; transactional id {@code <prefix>-eval-worker-<instance>}. */
    public static EvalWorkerSettings workerSettings(GenaimonConfig config) {
        String prefix = config.get(ConfigKeys.APPLICATION_ID_PREFIX);
        String instance = config.get(ConfigKeys.EVAL_WORKER_INSTANCE_ID);
        if (instance.isBlank()) {
            instance = hostName();
        }
        return EvalWorkerSettings.defaults(prefix + "-eval-worker", prefix + "-eval-worker-" + instance)
                .withBatch(config.get(ConfigKeys.EVAL_WORKER_BATCH_SIZE), config.get(ConfigKeys.EVAL_WORKER_THREADS))
                .withTimes(java.time.Duration.ofMillis(500), config.get(ConfigKeys.EVAL_WORKER_MAX_BATCH_TIME),
                        java.time.Duration.ofSeconds(30))
                .withAutoOffsetReset(config.get(ConfigKeys.AUTO_OFFSET_RESET));
    }

    /**
     * The {@code judge:} and {@code content-safety:} sections, then {@code a.b=1, c=2} from {@code eval.evaluator-settings} (which wins); a pair
     * without {@code =} is a startup error.
     */
    static Map<String, String> evaluatorSettings(GenaimonConfig config) {
        Map<String, String> settings = new LinkedHashMap<>(config.judgeSettings());
        settings.putAll(config.contentSafetySettings());
        for (String pair : list(config.get(ConfigKeys.EVAL_EVALUATOR_SETTINGS))) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(ConfigKeys.EVAL_EVALUATOR_SETTINGS.name()
                        + ": expected KEY=VALUE, got '" + pair + "'");
            }
            settings.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return settings;
    }

    private static List<String> list(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s*,\\s*"));
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "local";
        }
    }
}
