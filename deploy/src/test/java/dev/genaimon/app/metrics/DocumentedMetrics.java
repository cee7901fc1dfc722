package dev.genaimon.app.metrics;

import java.util.List;

/** The metric names docs/operations.md documents; the Grafana dashboards may use only these. */
public final class DocumentedMetrics {

    /** genaimon's own metrics (a counter is listed with its _total suffix, a timer with _seconds_count/_sum). */
    public static final List<String> GENAIMON = List.of("genaimon_signal_value", "genaimon_signal_series",
            "genaimon_signal_series_dropped_total", "genaimon_dlq_records_total", "genaimon_safety_flags_total",
            "genaimon_interactions_enriched_total", "genaimon_alert_transitions_total", "genaimon_alerts",
            "genaimon_streams_state", "genaimon_streams_thread_deaths_total",
            "genaimon_http_server_requests_seconds_count", "genaimon_http_server_requests_seconds_sum",
            "genaimon_ingest_items_total", "genaimon_ingest_requests_total", "genaimon_ingest_rejected_requests_total");

    /** Kafka client and JVM metrics the dashboards use (Micrometer's KafkaStreamsMetrics and JVM binders). */
    public static final List<String> KAFKA_AND_JVM = List.of("kafka_consumer_fetch_manager_records_lag_max",
            "kafka_stream_thread_process_rate", "jvm_memory_used_bytes", "process_cpu_usage", "system_cpu_usage");

    private DocumentedMetrics() {
    }
}
