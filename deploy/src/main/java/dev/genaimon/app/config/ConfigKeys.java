package dev.genaimon.app.config;

import java.time.Duration;
import java.util.List;

/** Every scalar configuration key of genaimon. The README's configuration reference is generated from this list. */
public final class ConfigKeys {

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.string("kafka.bootstrap-servers", "",
            "Kafka cluster to use. Empty: genaimon run starts an embedded single-node broker on 127.0.0.1.");
    public static final ConfigKey<String> DATA_DIR = ConfigKey.string("data-dir", "genaimon-data",
            "Where the embedded broker and local state live; kept across restarts.");
    public static final ConfigKey<Integer> BROKER_PORT = ConfigKey.integer("broker.port", 9092, 0, 65535,
            "Client port of the embedded broker on 127.0.0.1 (0: any free port).");

    public static final ConfigKey<String> INGEST_HOST = ConfigKey.string("ingest.host", "0.0.0.0",
            "Bind address of the HTTP API when API keys are configured (dev mode always binds 127.0.0.1).");
    public static final ConfigKey<Integer> INGEST_PORT = ConfigKey.integer("ingest.port", 8080, 0, 65535,
            "HTTP port of the ingest API, health endpoints and /metrics.");
    public static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer("ingest.max-body-bytes", 1024 * 1024,
            1024, Integer.MAX_VALUE, "Largest request body (after gzip decompression); larger bodies get 413.");
    public static final ConfigKey<Integer> MAX_ITEMS = ConfigKey.integer("ingest.max-items-per-request", 10_000, 1,
            1_000_000, "Most interactions in one request; more get 413.");
    public static final ConfigKey<Integer> MAX_STRING_CHARS = ConfigKey.integer("ingest.max-string-chars",
            256 * 1024, 16, Integer.MAX_VALUE, "Longest text field (prompt, response, document) in characters.");
    public static final ConfigKey<Integer> MAX_MESSAGES = ConfigKey.integer("ingest.max-messages", 256, 1, 100_000,
            "Most request messages per interaction.");
    public static final ConfigKey<Integer> MAX_CONTEXT_DOCUMENTS = ConfigKey.integer("ingest.max-context-documents",
            64, 0, 100_000, "Most retrieval-context documents per interaction.");
    public static final ConfigKey<Integer> MAX_TOOL_CALLS = ConfigKey.integer("ingest.max-tool-calls", 128, 0,
            100_000, "Most tool calls per interaction.");
    public static final ConfigKey<Duration> MAX_FUTURE_SKEW = ConfigKey.duration("ingest.max-future-skew", "1h",
            "How far in the future an interaction timestamp may be.");
    public static final ConfigKey<Duration> MAX_AGE = ConfigKey.duration("ingest.max-age", "7d",
            "How old an interaction timestamp may be.");
    public static final ConfigKey<Duration> ACK_TIMEOUT = ConfigKey.duration("ingest.ack-timeout", "10s",
            "How long a request waits for Kafka before answering 503 with Retry-After.");
    public static final ConfigKey<String> ID_HASH_SALT = ConfigKey.string("ingest.id-hash-salt", "genaimon",
            "Salt for hashing raw userId/sessionId values; set your own secret in production.");

    public static final ConfigKey<Boolean> RATE_LIMIT_ENABLED = ConfigKey.bool("ingest.rate-limit.enabled", true,
            "Limit each tenant's items per second (token bucket; over the rate: 429 with Retry-After).");
    public static final ConfigKey<Double> RATE_LIMIT_PER_SECOND = new ConfigKey<>("ingest.rate-limit.per-second",
            "1000", ConfigKey::positiveNumber, "Items (interactions, feedback, spans) per second per tenant.");
    public static final ConfigKey<Long> RATE_LIMIT_BURST = new ConfigKey<>("ingest.rate-limit.burst", "20000",
            ConfigKey::positiveLong, "Bucket size: the most items a tenant may send at once; larger batches get 413.");
    public static final ConfigKey<String> SERDE_FORMAT = ConfigKey.oneOf("serde.format", "single-object",
            List.of("single-object", "registry"),
            "Avro wire format written to topics. Readers accept both. registry needs schema-registry.url.");
    public static final ConfigKey<String> REGISTRY_URL = ConfigKey.string("schema-registry.url", "",
            "Confluent-compatible schema registry base URL (Apicurio: .../apis/ccompat/v7).");
    public static final ConfigKey<String> REGISTRY_USERNAME = ConfigKey.string("schema-registry.username", "",
            "Basic-auth user for the registry.");
    public static final ConfigKey<String> REGISTRY_PASSWORD = ConfigKey.string("schema-registry.password", "",
            "Basic-auth password for the registry.");

    public static final ConfigKey<Integer> TOPIC_PARTITIONS = ConfigKey.integer("topics.partitions", 6, 1, 10_000,
            "Partitions of the event topics when genaimon creates them.");
    public static final ConfigKey<Integer> TOPIC_REPLICATION = ConfigKey.integer("topics.replication-factor", 1, 1,
            32, "Replication factor of the topics genaimon creates (use 3 in production).");
    public static final ConfigKey<Duration> RAW_RETENTION = ConfigKey.duration("topics.raw-retention", "24h",
            "Retention of genaimon.interactions.raw.v1 (unredacted text: keep it short).");
    public static final ConfigKey<Duration> RETENTION = ConfigKey.duration("topics.retention", "7d",
            "Retention of the other event topics.");
    public static final ConfigKey<Duration> DLQ_RETENTION = ConfigKey.duration("topics.dlq-retention", "14d",
            "Retention of genaimon.dlq.v1.");
    public static final ConfigKey<Boolean> CREATE_TOPICS = ConfigKey.bool("topics.create", true,
            "Create missing topics at startup.");

    public static final ConfigKey<String> APPLICATION_ID_PREFIX = ConfigKey.string("streams.application-id-prefix",
            "genaimon", "Prefix of every Kafka Streams application.id (consumer group, internal topics).");
    public static final ConfigKey<Integer> STREAM_THREADS = ConfigKey.integer("streams.threads", 2, 1, 64,
            "Stream threads per topology in this process.");
    public static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.duration("streams.commit-interval", "100ms",
            "Transaction commit interval (exactly-once): the floor of end-to-end latency.");
    public static final ConfigKey<String> AUTO_OFFSET_RESET = ConfigKey.oneOf("streams.auto-offset-reset", "earliest",
            List.of("earliest", "latest"),
            "Where a stage starts the first time it runs: earliest processes what the topics already hold.");
    public static final ConfigKey<List<String>> SEGMENT_DIMENSIONS = new ConfigKey<>("segments.dimensions",
            "tenant,app,model,prompt", s -> List.<String>of(s.strip().split("\\s*,\\s*")),
            "Dimensions that make a segment, in order: tenant, app, model, prompt, environment.");
    public static final ConfigKey<Boolean> ENRICH_ENABLED = ConfigKey.bool("enrich.enabled", true,
            "Run the enrich stage (safety flags, PII redaction, features) in this process.");
    public static final ConfigKey<Double> ATTACK_THRESHOLD = new ConfigKey<>("enrich.attack-threshold", "0.5",
            ConfigKey::probability, "Prompt-attack score from which an interaction is flagged.");
    public static final ConfigKey<Duration> SIGNAL_WINDOW = ConfigKey.duration("enrich.signal-window", "1m",
            "Window of the safety-rate signals.");
    public static final ConfigKey<Duration> SIGNAL_GRACE = ConfigKey.duration("enrich.grace", "30s",
            "How late an interaction may arrive and still count in its window.");
    public static final ConfigKey<String> METADATA_ONLY_TENANTS = ConfigKey.string("enrich.metadata-only-tenants", "",
            "Comma-separated tenants with capture.content false: text is dropped after analysis, metrics still flow.");
    public static final ConfigKey<String> REDACTION_SALT = ConfigKey.string("enrich.redaction-salt", "genaimon",
            "Salt of the hash redaction mode; set your own secret in production.");

    public static final ConfigKey<Boolean> DRIFT_ENABLED = ConfigKey.bool("drift.enabled", true,
            "Run the drift/skew stage (per-segment feature profiles, baselines, drift reports) in this process.");
    public static final ConfigKey<Duration> DRIFT_WINDOW = ConfigKey.duration("drift.window", "1h",
            "Tumbling window of the drift profiles.");
    public static final ConfigKey<Duration> DRIFT_GRACE = ConfigKey.duration("drift.grace", "5m",
            "How late an interaction may arrive and still count in its drift window.");
    public static final ConfigKey<Integer> DRIFT_TRAILING = ConfigKey.integer("drift.trailing-windows", 6, 1, 1000,
            "Without a baseline, the number of previous windows merged as the reference.");
    public static final ConfigKey<Integer> DRIFT_CONSECUTIVE = ConfigKey.integer("drift.consecutive-windows", 2, 1,
            100, "Windows in a row a feature must drift before drift.<feature>.detected becomes 1.");

    public static final ConfigKey<Boolean> OPS_ENABLED = ConfigKey.bool("ops.enabled", true,
            "Run the operational-metrics stage (request counts, error/throttle rates, latency percentiles, cost).");
    public static final ConfigKey<Duration> OPS_WINDOW = ConfigKey.duration("ops.window", "1m",
            "Window of the operational signals.");
    public static final ConfigKey<Duration> OPS_GRACE = ConfigKey.duration("ops.grace", "30s",
            "How late an interaction may arrive and still count in its operational window.");

    // continuous evaluation, online path: sampler, worker, aggregates, feedback join (docs/evaluation-online.md)
    public static final ConfigKey<Boolean> EVAL_ENABLED = ConfigKey.bool("eval.enabled", true,
            "Run the eval sampler, the eval-aggregate and the feedback-join stages in this process.");
    public static final ConfigKey<Double> EVAL_SAMPLER_RATE = new ConfigKey<>("eval.sampler.rate", "0.05",
            ConfigKey::probability, "Fraction of each segment's interactions sampled for evaluation (by id hash).");
    public static final ConfigKey<Integer> EVAL_SAMPLER_MAX_PER_MINUTE = ConfigKey.integer(
            "eval.sampler.max-per-minute", 60, 0, 1_000_000,
            "Most interactions sampled per segment and minute (0: no cap); ground truth is not capped.");
    public static final ConfigKey<Double> EVAL_SAMPLER_SAFETY_BOOST = new ConfigKey<>("eval.sampler.safety-boost",
            "4", ConfigKey::positiveNumber, "Rate multiplier (>= 1) for interactions with a safety flag.");
    public static final ConfigKey<Double> EVAL_SAMPLER_DRIFT_BOOST = new ConfigKey<>("eval.sampler.drift-boost",
            "4", ConfigKey::positiveNumber, "Rate multiplier (>= 1) while a segment's drift signals say detected.");
    public static final ConfigKey<String> EVAL_SAMPLER_OVERRIDES = ConfigKey.string("eval.sampler.overrides", "",
            "Per-segment rate and cap: PATTERN=RATE[:MAX_PER_MINUTE] separated by ';', * per segment part,"
                    + " e.g. acme/*/*/*=0.5:200; the most specific pattern wins.");
    public static final ConfigKey<Duration> EVAL_WINDOW = ConfigKey.duration("eval.window", "5m",
            "Window of the eval.<evaluator>.* signals (by interaction time).");
    public static final ConfigKey<Duration> EVAL_GRACE = ConfigKey.duration("eval.grace", "2m",
            "How late a score may arrive and still count in its window.");
    public static final ConfigKey<Duration> EVAL_FEEDBACK_BEFORE = ConfigKey.duration("eval.feedback.before", "24h",
            "Feedback up to this long after its interaction is joined to it.");
    public static final ConfigKey<Duration> EVAL_FEEDBACK_AFTER = ConfigKey.duration("eval.feedback.after", "5m",
            "Feedback stamped up to this long before its interaction (clock skew) is joined to it.");
    public static final ConfigKey<Duration> EVAL_FEEDBACK_GRACE = ConfigKey.duration("eval.feedback.grace", "5m",
            "How late (out of order) feedback or an interaction may arrive and still join.");
    public static final ConfigKey<Duration> EVAL_FEEDBACK_WINDOW = ConfigKey.duration("eval.feedback.window", "1h",
            "Window of the feedback.* signals.");
    public static final ConfigKey<Boolean> EVAL_WORKER_ENABLED = ConfigKey.bool("eval.worker.enabled", true,
            "Run the evaluation worker in genaimon run (or run it alone: genaimon eval-worker).");
    public static final ConfigKey<Integer> EVAL_WORKER_BATCH_SIZE = ConfigKey.integer("eval.worker.batch-size", 32,
            1, 10_000, "Evaluation requests per batch and transaction.");
    public static final ConfigKey<Integer> EVAL_WORKER_THREADS = ConfigKey.integer("eval.worker.threads", 2, 1, 256,
            "Evaluators run in parallel on this many threads.");
    public static final ConfigKey<Duration> EVAL_WORKER_MAX_BATCH_TIME = ConfigKey.duration(
            "eval.worker.max-batch-time", "5m",
            "Longest a batch may take before the worker's partitions go to another worker (max.poll.interval.ms).");
    public static final ConfigKey<String> EVAL_WORKER_INSTANCE_ID = ConfigKey.string("eval.worker.instance-id", "",
            "Stable, unique id of this worker instance (its transactional id); empty: the host name.");
    public static final ConfigKey<String> EVAL_EVALUATORS = ConfigKey.string("eval.evaluators", "",
            "Comma-separated evaluators run on every sampled interaction; empty: every installed evaluator.");
    public static final ConfigKey<String> EVAL_EVALUATOR_SETTINGS = ConfigKey.string("eval.evaluator-settings", "",
            "Evaluator settings as KEY=VALUE pairs separated by ',', e.g. groundedness.threshold=0.7.");

    public static final List<ConfigKey<?>> ALL = List.of(BOOTSTRAP_SERVERS, DATA_DIR, BROKER_PORT, INGEST_HOST,
            INGEST_PORT, MAX_BODY_BYTES, MAX_ITEMS, MAX_STRING_CHARS, MAX_MESSAGES, MAX_CONTEXT_DOCUMENTS,
            MAX_TOOL_CALLS, MAX_FUTURE_SKEW, MAX_AGE, ACK_TIMEOUT, ID_HASH_SALT, RATE_LIMIT_ENABLED, RATE_LIMIT_PER_SECOND,
            RATE_LIMIT_BURST, SERDE_FORMAT, REGISTRY_URL,
            REGISTRY_USERNAME, REGISTRY_PASSWORD, TOPIC_PARTITIONS, TOPIC_REPLICATION, RAW_RETENTION, RETENTION,
            DLQ_RETENTION, CREATE_TOPICS, APPLICATION_ID_PREFIX, STREAM_THREADS, COMMIT_INTERVAL, AUTO_OFFSET_RESET,
            SEGMENT_DIMENSIONS,
            ENRICH_ENABLED, ATTACK_THRESHOLD, SIGNAL_WINDOW, SIGNAL_GRACE, METADATA_ONLY_TENANTS, REDACTION_SALT,
            DRIFT_ENABLED, DRIFT_WINDOW, DRIFT_GRACE, DRIFT_TRAILING, DRIFT_CONSECUTIVE, OPS_ENABLED, OPS_WINDOW,
            OPS_GRACE,
            EVAL_ENABLED, EVAL_SAMPLER_RATE, EVAL_SAMPLER_MAX_PER_MINUTE, EVAL_SAMPLER_SAFETY_BOOST,
            EVAL_SAMPLER_DRIFT_BOOST, EVAL_SAMPLER_OVERRIDES, EVAL_WINDOW, EVAL_GRACE, EVAL_FEEDBACK_BEFORE,
            EVAL_FEEDBACK_AFTER, EVAL_FEEDBACK_GRACE, EVAL_FEEDBACK_WINDOW, EVAL_WORKER_ENABLED, EVAL_WORKER_BATCH_SIZE,
            EVAL_WORKER_THREADS, EVAL_WORKER_MAX_BATCH_TIME, EVAL_WORKER_INSTANCE_ID, EVAL_EVALUATORS,
            EVAL_EVALUATOR_SETTINGS);

    /** Per-tenant rate limits: {@code ingest: {rate-limit: {tenants: {acme: {per-second: 50, burst: 1000}}}}}. */
    public static final String RATE_LIMIT_TENANTS = "ingest.rate-limit.tenants";

    /** PII type to mask / hash / keep, e.g. {@code enrich: {redaction: {PERSON: keep, EMAIL_ADDRESS: hash}}}. */
    public static final String REDACTION = "enrich.redaction";

    /** Structured keys (lists and maps) that are read from the YAML file only. */
    public static final String API_KEYS = "auth.api-keys";
    public static final String KAFKA_PROPERTIES = "kafka.properties";

    private ConfigKeys() {
    }
}
