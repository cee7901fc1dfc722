/**
 * The genaimon Java client: {@link dev.genaimon.client.GenaimonClient} sends interactions and feedback to a genaimon
 * server over HTTP, batched and gzip-compressed, from a bounded queue that never blocks the caller;
 * {@link dev.genaimon.client.GenaimonKafkaClient} (direct Kafka mode, needs kafka-clients and genaimon-schemas)
 * writes them straight to genaimon's topics with the ingest's own validation and encoding.
 */
package dev.genaimon.client;
