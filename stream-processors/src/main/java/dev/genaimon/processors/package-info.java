/**
 * Kafka Streams topologies, one class per concern ({@code processors.enrich}, {@code processors.drift},
 * {@code processors.metrics}, {@code processors.eval}, {@code processors.feedback}), each built by a static
 * {@code build(StreamsBuilder, settings, topics)} without lifecycle code; the app owns {@code KafkaStreams}.
 */
package dev.genaimon.processors;
