package dev.genaimon.app.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    // pipeline throughput and latency (issue 10): the analysis stages' Streams threads and commit interval
    public static final ConfigKey<Integer> ANALYSIS_THREADS = ConfigKey.integer("streams.analysis-threads", 1, 1, 64,
            "Stream threads per analysis topology (drift, ops, eval, feedback join, alerting, view) in this process;"
                    + " enrich and the notifier use streams.threads.");
    public static final ConfigKey<Duration> ANALYSIS_COMMIT_INTERVAL = ConfigKey.duration(
            "streams.analysis-commit-interval", "1s", "Transaction commit interval of the analysis topologies (their"
                    + " results wait for windows to close); enrich and the notifier use streams.commit-interval.");
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
    // drift stage (issue 5): event-time guard of every windowed stage, deployment events
    public static final ConfigKey<Duration> STREAMS_MAX_FUTURE_SKEW = ConfigKey.duration("streams.max-future-skew",
            "1h", "How far ahead of now an event time may be in the windowed stages (drift, ops, enrich, eval, "
                    + "feedback); later records go to the DLQ (EVENT_TIME_TOO_FAR_IN_FUTURE).");
    public static final ConfigKey<Duration> DRIFT_SETTLING = ConfigKey.duration("drift.settling", "0s",
            "After a rollout/rollback DeploymentEvent, how long the deployment's drift windows raise no detected "
                    + "signals and restart their streaks (canary_start settles until the deployment's next event).");

    // embedding (text) drift: its own Streams application, windows of drift.window / drift.grace
    public static final ConfigKey<Boolean> DRIFT_EMBEDDING_ENABLED = ConfigKey.bool("drift.embedding.enabled", true,
            "Run the embedding-drift stage: per segment-window, an MMD test of a sample of texts (bundled MiniLM).");
    public static final ConfigKey<String> DRIFT_EMBEDDING_FIELD = new ConfigKey<>("drift.embedding.field", "prompt",
            v -> {
                if (!v.equals("prompt") && !v.equals("response")) {
                    throw new IllegalArgumentException("must be prompt or response");
                }
                return v;
            }, "Which text is embedded: prompt (the last user message) or response.");
    public static final ConfigKey<Double> DRIFT_EMBEDDING_SAMPLE_RATE = new ConfigKey<>("drift.embedding.sample-rate",
            "0.2", ConfigKey::probability, "Share of interactions offered to the text sample (chosen by id hash).");
    public static final ConfigKey<Integer> DRIFT_EMBEDDING_SAMPLE_SIZE = ConfigKey.integer(
            "drift.embedding.sample-size", 200, 20, 5000,
            "Texts embedded per segment-window (the bottom-k of the offered ones by id hash).");
    public static final ConfigKey<Integer> DRIFT_EMBEDDING_PERMUTATIONS = ConfigKey.integer(
            "drift.embedding.permutations", 200, 10, 100_000, "Permutations of the MMD test's p-value.");
    public static final ConfigKey<Double> DRIFT_EMBEDDING_ALPHA = new ConfigKey<>("drift.embedding.alpha", "0.01",
            ConfigKey::probability, "MMD p-value below which drift.embedding.detected is 1.");

    public static final ConfigKey<Boolean> OPS_ENABLED = ConfigKey.bool("ops.enabled", true,
            "Run the operational-metrics stage (request counts, error/throttle rates, latency percentiles, cost).");
    public static final ConfigKey<Duration> OPS_WINDOW = ConfigKey.duration("ops.window", "1m",
            "Window of the operational signals.");
    public static final ConfigKey<Duration> OPS_GRACE = ConfigKey.duration("ops.grace", "30s",
            "How late an interaction may arrive and still count in its operational window.");

    // alerting: rules, alert state machine, retraining triggers (docs/alerting.md)
    public static final ConfigKey<Boolean> ALERTING_ENABLED = ConfigKey.bool("alerting.enabled", true,
            "Run the alerting stage (rules over signals -> genaimon.alerts.v1, genaimon.retraining-triggers.v1).");
    public static final ConfigKey<String> ALERTING_RULES_FILE = ConfigKey.string("alerting.rules-file", "",
            "Alert rule file (YAML, reloaded when it changes). Empty: the bundled default rules.");
    public static final ConfigKey<Duration> ALERTING_RELOAD_INTERVAL = ConfigKey.duration("alerting.reload-interval",
            "10s", "How often the rule file is checked for changes.");
    public static final ConfigKey<Duration> ALERTING_ABSENCE_CHECK = ConfigKey.duration(
            "alerting.absence-check-interval", "30s", "Wall-clock period of the absence-rule check.");
    public static final ConfigKey<String> ALERTING_DEPLOYMENT_LABEL = ConfigKey.string("alerting.deployment-label",
            "model", "Alert label naming the model deployment a retraining trigger is keyed by.");
    // notifier: alert routing, silences, receivers, delivery (alerting.notify)
    public static final ConfigKey<Boolean> NOTIFY_ENABLED = ConfigKey.bool("notify.enabled", true,
            "Run the notifier stage (genaimon.alerts.v1 to receivers, silences API) in this process.");
    public static final ConfigKey<String> NOTIFY_ROUTING_FILE = ConfigKey.string("notify.routing-file", "",
            "Alertmanager-style routing file (route, receivers, inhibit_rules). Empty: the bundled one, which logs"
                    + " every notification.");
    public static final ConfigKey<String> NOTIFY_EXTERNAL_URL = ConfigKey.string("notify.external-url", "",
            "genaimon's base URL as receivers should link to it (externalURL, generatorURL).");
    public static final ConfigKey<Duration> NOTIFY_TICK = ConfigKey.duration("notify.tick", "1s",
            "How often (wall clock) alert groups are evaluated and due deliveries attempted.");
    public static final ConfigKey<Duration> NOTIFY_TIMEOUT = ConfigKey.duration("notify.delivery-timeout", "5s",
            "Longest one delivery attempt may take (HTTP or SMTP); it runs on the notifier's stream thread.");
    public static final ConfigKey<Integer> NOTIFY_MAX_SENDS = ConfigKey.integer("notify.max-sends-per-tick", 20, 1,
            10_000, "Delivery attempts per tick at most, so slow receivers cannot hold the stream thread.");
    public static final ConfigKey<Duration> NOTIFY_RETRY_INITIAL = ConfigKey.duration("notify.retry.initial-backoff",
            "5s", "First retry delay of a failed delivery; doubles per attempt (with jitter).");
    public static final ConfigKey<Duration> NOTIFY_RETRY_MAX = ConfigKey.duration("notify.retry.max-backoff", "5m",
            "Longest delay between two delivery attempts (a receiver's Retry-After can be longer).");
    public static final ConfigKey<Integer> NOTIFY_RETRY_ATTEMPTS = ConfigKey.integer("notify.retry.max-attempts", 500,
            1, 1_000_000, "Delivery attempts before a notification goes to genaimon.dlq.v1.");
    public static final ConfigKey<Duration> NOTIFY_RETRY_AGE = ConfigKey.duration("notify.retry.max-age", "24h",
            "How long a notification is retried before it goes to genaimon.dlq.v1.");
    // deployment (container, Kubernetes, Event Hubs): component toggles, delivery guarantee, RocksDB memory bounds
    public static final ConfigKey<Boolean> INGEST_ENABLED = ConfigKey.bool("ingest.enabled", true,
            "Serve the ingest API (/v1/...) in this process; health, readiness and /metrics are always served.");
    public static final ConfigKey<String> PROCESSING_GUARANTEE = ConfigKey.oneOf("streams.processing-guarantee",
            "exactly_once_v2", List.of("exactly_once_v2", "at_least_once"),
            "Kafka Streams processing guarantee; at_least_once where the cluster has no transactions (e.g. Event"
                    + " Hubs without the transactions preview).");
    public static final ConfigKey<Integer> STANDBY_REPLICAS = ConfigKey.integer("streams.standby-replicas", 0, 0, 8,
            "Warm copies of every state store on other instances (num.standby.replicas); 1 or more in production.");
    public static final ConfigKey<Long> ROCKSDB_BLOCK_CACHE = new ConfigKey<>("streams.rocksdb.block-cache-bytes",
            "67108864", ConfigKey::positiveLong,
            "One RocksDB block cache (LRU) shared by every state store in the process, in bytes.");
    public static final ConfigKey<Long> ROCKSDB_WRITE_BUFFER = new ConfigKey<>("streams.rocksdb.write-buffer-bytes",
            "33554432", ConfigKey::positiveLong,
            "Memtable memory of all state stores in the process, in bytes (charged to the block cache).");
    // full-size fault runs (issue 10: docs/reliability.md)
    public static final ConfigKey<Duration> TRANSACTION_TIMEOUT = ConfigKey.duration("streams.transaction-timeout",
            "60s", "Exactly-once: how long a stream thread's open transaction may last before the broker aborts it"
                    + " (the producers' transaction.timeout.ms; Kafka Streams' own default is 10 s, which a starved"
                    + " process exceeds and then loses every transaction); also how long read_committed readers can"
                    + " wait on the open transaction of a processor that died for good.");
    public static final ConfigKey<Map<String, String>> TOPIC_RENAME = new ConfigKey<>("topics.rename", "",
            ConfigKeys::topicRenames, "Blue/green: catalog topic=name pairs, comma-separated, e.g."
                    + " genaimon.interactions.v1=genaimon.interactions.green.v1 (docs/upgrades.md).");
    // view stage, query API, dashboard and Prometheus metrics (issue 8: see docs/operations.md)
    public static final ConfigKey<Boolean> VIEW_ENABLED = ConfigKey.bool("view.enabled", true,
            "Run the view stage that the query API (/api/v1), the dashboard (/) and the signal gauges read.");
    public static final ConfigKey<Integer> VIEW_SERIES_POINTS = ConfigKey.integer("view.series-points", 180, 1,
            10_000, "Recent windows kept per segment and signal for charts and the series API.");
    public static final ConfigKey<Integer> VIEW_DLQ_RECENT = ConfigKey.integer("view.dlq-recent", 100, 1, 10_000,
            "Recent dead letters kept per stream task for /api/v1/dlq/recent.");
    public static final ConfigKey<String> QUERY_ADVERTISED_HOST = ConfigKey.string("query.advertised-host", "",
            "Host other instances use to reach this one's HTTP API (application.server). Empty: 127.0.0.1 when"
                    + " the API binds all interfaces or loopback, else ingest.host.");
    public static final ConfigKey<Boolean> DASHBOARD_ENABLED = ConfigKey.bool("dashboard.enabled", true,
            "Serve the built-in dashboard at /.");
    public static final ConfigKey<Integer> SIGNAL_SERIES_CAP = ConfigKey.integer("metrics.signal-series-cap", 2000,
            0, 1_000_000, "Most genaimon_signal_value series on /metrics; updates of more are counted in"
                    + " genaimon_signal_series_dropped_total.");
    // continuous evaluation, online path: sampler, worker, aggregates, feedback join (docs/evaluation.md#online-evaluation)
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
    // Azure Monitor pull: Log Analytics KQL source (docs/ingest.md#azure-monitor-source); column mapping: AZURE_MONITOR_COLUMNS
    public static final ConfigKey<Boolean> AZURE_MONITOR_ENABLED = ConfigKey.bool("azure-monitor.enabled", false,
            "Pull interactions from a Log Analytics workspace with a KQL query (the Azure Monitor source).");
    public static final ConfigKey<String> AZURE_MONITOR_WORKSPACE = ConfigKey.string("azure-monitor.workspace-id", "",
            "Log Analytics workspace id (a GUID) the query runs against.");
    public static final ConfigKey<String> AZURE_MONITOR_ENDPOINT = ConfigKey.string("azure-monitor.endpoint", "",
            "Log Analytics query API base URL; empty: the Azure SDK's default (public cloud).");
    public static final ConfigKey<String> AZURE_MONITOR_QUERY = ConfigKey.string("azure-monitor.query", "",
            "KQL query whose rows become interactions; genaimon appends the time bounds, paging, order and take.");
    public static final ConfigKey<String> AZURE_MONITOR_TIME_COLUMN = ConfigKey.string("azure-monitor.time-column",
            "TimeGenerated", "Time column of the query result, compared with the watermark.");
    public static final ConfigKey<String> AZURE_MONITOR_ID_COLUMN = ConfigKey.string("azure-monitor.id-column",
            "_ItemId", "Column unique per row: page tie-breaker and deduplication key (keep it when projecting).");
    public static final ConfigKey<Duration> AZURE_MONITOR_INTERVAL = ConfigKey.duration("azure-monitor.interval",
            "1m", "Pause between two polls of the workspace.");
    public static final ConfigKey<Duration> AZURE_MONITOR_LOOKBACK = ConfigKey.duration("azure-monitor.lookback",
            "1h", "How far back the first poll reads when the source has no watermark yet.");
    public static final ConfigKey<Duration> AZURE_MONITOR_OVERLAP = ConfigKey.duration("azure-monitor.overlap",
            "10m", "Each poll re-reads this much before the watermark for late rows (ingestion delay); rows already"
                    + " written are skipped by id.");
    public static final ConfigKey<Integer> AZURE_MONITOR_PAGE_SIZE = ConfigKey.integer("azure-monitor.page-size",
            1000, 1, 500_000, "Rows per query; a full page is followed by the next one.");
    public static final ConfigKey<Integer> AZURE_MONITOR_MAX_PAGES = ConfigKey.integer(
            "azure-monitor.max-pages-per-poll", 100, 1, 1_000_000, "Pages per poll at most; the next poll goes on.");
    public static final ConfigKey<Integer> AZURE_MONITOR_MAX_SEEN = ConfigKey.integer("azure-monitor.max-seen-rows",
            40_000, 1, 50_000, "Row ids remembered in the watermark for deduplication inside the overlap window.");
    public static final ConfigKey<Duration> AZURE_MONITOR_SERVER_TIMEOUT = ConfigKey.duration(
            "azure-monitor.server-timeout", "3m", "Query timeout asked of Log Analytics.");
    public static final ConfigKey<String> AZURE_MONITOR_CREDENTIAL = ConfigKey.oneOf("azure-monitor.credential",
            "default", List.of("default", "client-secret", "managed-identity"),
            "Entra ID credential: default (DefaultAzureCredential: workload identity, managed identity, az login),"
                    + " client-secret, or managed-identity.");
    public static final ConfigKey<String> AZURE_MONITOR_TENANT_ID = ConfigKey.string("azure-monitor.tenant-id", "",
            "Entra ID tenant of the app registration (client-secret).");
    public static final ConfigKey<String> AZURE_MONITOR_CLIENT_ID = ConfigKey.string("azure-monitor.client-id", "",
            "App registration (client-secret) or user-assigned identity (managed-identity) client id.");
    public static final ConfigKey<String> AZURE_MONITOR_CLIENT_SECRET = ConfigKey.string(
            "azure-monitor.client-secret", "", "Client secret (client-secret); set it through the environment"
                    + " (GENAIMON_AZURE_MONITOR_CLIENT_SECRET), not the file.");

    // ingest edge: redaction and metadata-only capture before anything reaches Kafka (issue 3)
    public static final ConfigKey<String> INGEST_REDACTION = ConfigKey.oneOf("ingest.redaction", "off",
            List.of("off", "edge"), "edge: ingest masks PII in every tenant's texts before the record reaches Kafka"
                    + " (enrich.redaction modes and salt); off: only the listed tenants are (enrich still redacts).");
    public static final ConfigKey<String> INGEST_REDACTION_EDGE_TENANTS = ConfigKey.string(
            "ingest.redaction-edge-tenants", "",
            "Comma-separated tenants whose PII ingest masks before Kafka when ingest.redaction is off.");
    public static final ConfigKey<String> INGEST_METADATA_ONLY_TENANTS = ConfigKey.string(
            "ingest.metadata-only-tenants", "", "Comma-separated tenants with capture.content false at ingest: texts"
                    + " are removed before Kafka (lengths, tokens, model, latency kept); no text safety analysis.");

    // signal volume (issue 10, 10,000-segment soak: docs/alerting.md "Signal volume")
    public static final ConfigKey<Integer> SIGNALS_MIN_SAMPLES = ConfigKey.integer("signals.min-samples", 1, 1,
            1_000_000, "A segment-window with fewer interactions publishes only its counts and sums (ops.request_count,"
                    + " ops.error_rate, ops.tokens_in/out, cost.usd) and no safety rates. 1 = every signal of every"
                    + " window; 10 suits many small segments (no default rule reads smaller windows).");

    public static final List<ConfigKey<?>> ALL = List.of(BOOTSTRAP_SERVERS, DATA_DIR, BROKER_PORT, INGEST_HOST,
            INGEST_PORT, MAX_BODY_BYTES, MAX_ITEMS, MAX_STRING_CHARS, MAX_MESSAGES, MAX_CONTEXT_DOCUMENTS,
            MAX_TOOL_CALLS, MAX_FUTURE_SKEW, MAX_AGE, ACK_TIMEOUT, ID_HASH_SALT, RATE_LIMIT_ENABLED, RATE_LIMIT_PER_SECOND,
            RATE_LIMIT_BURST, SERDE_FORMAT, REGISTRY_URL,
            REGISTRY_USERNAME, REGISTRY_PASSWORD, TOPIC_PARTITIONS, TOPIC_REPLICATION, RAW_RETENTION, RETENTION,
            DLQ_RETENTION, CREATE_TOPICS, APPLICATION_ID_PREFIX, STREAM_THREADS, COMMIT_INTERVAL, AUTO_OFFSET_RESET,
            ANALYSIS_THREADS, ANALYSIS_COMMIT_INTERVAL, SEGMENT_DIMENSIONS,
            ENRICH_ENABLED, ATTACK_THRESHOLD, SIGNAL_WINDOW, SIGNAL_GRACE, METADATA_ONLY_TENANTS, REDACTION_SALT,
            DRIFT_ENABLED, DRIFT_WINDOW, DRIFT_GRACE, DRIFT_TRAILING, DRIFT_CONSECUTIVE, STREAMS_MAX_FUTURE_SKEW,
            DRIFT_SETTLING, DRIFT_EMBEDDING_ENABLED, DRIFT_EMBEDDING_FIELD, DRIFT_EMBEDDING_SAMPLE_RATE,
            DRIFT_EMBEDDING_SAMPLE_SIZE, DRIFT_EMBEDDING_PERMUTATIONS, DRIFT_EMBEDDING_ALPHA, OPS_ENABLED, OPS_WINDOW,
            OPS_GRACE,
            ALERTING_ENABLED, ALERTING_RULES_FILE, ALERTING_RELOAD_INTERVAL, ALERTING_ABSENCE_CHECK,
            ALERTING_DEPLOYMENT_LABEL,
            NOTIFY_ENABLED, NOTIFY_ROUTING_FILE, NOTIFY_EXTERNAL_URL, NOTIFY_TICK, NOTIFY_TIMEOUT, NOTIFY_MAX_SENDS,
            NOTIFY_RETRY_INITIAL, NOTIFY_RETRY_MAX, NOTIFY_RETRY_ATTEMPTS, NOTIFY_RETRY_AGE,
            INGEST_ENABLED, PROCESSING_GUARANTEE, STANDBY_REPLICAS, ROCKSDB_BLOCK_CACHE, ROCKSDB_WRITE_BUFFER,
            TRANSACTION_TIMEOUT,
            TOPIC_RENAME,
            VIEW_ENABLED, VIEW_SERIES_POINTS, VIEW_DLQ_RECENT, QUERY_ADVERTISED_HOST, DASHBOARD_ENABLED,
            SIGNAL_SERIES_CAP,
            SIGNALS_MIN_SAMPLES,
            EVAL_ENABLED, EVAL_SAMPLER_RATE, EVAL_SAMPLER_MAX_PER_MINUTE, EVAL_SAMPLER_SAFETY_BOOST,
            EVAL_SAMPLER_DRIFT_BOOST, EVAL_SAMPLER_OVERRIDES, EVAL_WINDOW, EVAL_GRACE, EVAL_FEEDBACK_BEFORE,
            EVAL_FEEDBACK_AFTER, EVAL_FEEDBACK_GRACE, EVAL_FEEDBACK_WINDOW, EVAL_WORKER_ENABLED, EVAL_WORKER_BATCH_SIZE,
            EVAL_WORKER_THREADS, EVAL_WORKER_MAX_BATCH_TIME, EVAL_WORKER_INSTANCE_ID, EVAL_EVALUATORS,
            EVAL_EVALUATOR_SETTINGS,
            AZURE_MONITOR_ENABLED, AZURE_MONITOR_WORKSPACE, AZURE_MONITOR_ENDPOINT, AZURE_MONITOR_QUERY,
            AZURE_MONITOR_TIME_COLUMN, AZURE_MONITOR_ID_COLUMN, AZURE_MONITOR_INTERVAL, AZURE_MONITOR_LOOKBACK,
            AZURE_MONITOR_OVERLAP, AZURE_MONITOR_PAGE_SIZE, AZURE_MONITOR_MAX_PAGES, AZURE_MONITOR_MAX_SEEN,
            AZURE_MONITOR_SERVER_TIMEOUT, AZURE_MONITOR_CREDENTIAL, AZURE_MONITOR_TENANT_ID, AZURE_MONITOR_CLIENT_ID,
            AZURE_MONITOR_CLIENT_SECRET,
            INGEST_REDACTION, INGEST_REDACTION_EDGE_TENANTS, INGEST_METADATA_ONLY_TENANTS);

    /** Per-tenant rate limits: {@code ingest: {rate-limit: {tenants: {acme: {per-second: 50, burst: 1000}}}}}. */
    public static final String RATE_LIMIT_TENANTS = "ingest.rate-limit.tenants";

    /** PII type to mask / hash / keep, e.g. {@code enrich: {redaction: {PERSON: keep, EMAIL_ADDRESS: hash}}}. */
    public static final String REDACTION = "enrich.redaction";

    /** Structured keys (lists and maps) that are read from the YAML file only. */
    public static final String API_KEYS = "auth.api-keys";
    public static final String KAFKA_PROPERTIES = "kafka.properties";

    /** Azure Monitor source column mapping, YAML only: {@code azure-monitor: {columns: {app: AppRoleName, ...}}}. */
    public static final String AZURE_MONITOR_COLUMNS = "azure-monitor.columns";

    /** The LLM judge (YAML section {@code judge:}; keys in docs/evaluation.md, "LLM judge"). */
    public static final String JUDGE = "judge";

    /** Azure AI Content Safety (YAML section {@code content-safety:}; keys in docs/safety.md). */
    public static final String CONTENT_SAFETY = "content-safety";

    private ConfigKeys() {
    }

    private static Map<String, String> topicRenames(String text) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (String pair : text.strip().isEmpty() ? new String[0] : text.strip().split("\\s*,\\s*")) {
            String[] parts = pair.split("\\s*=\\s*", -1);
            if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9._-]+") || !parts[1].matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("expected topic=new-name pairs separated by commas, got '" + pair
                        + "'");
            }
            renames.put(parts[0], parts[1]);
        }
        return Map.copyOf(renames);
    }
}
