/**
 * Pure Java analysis used online (by the Kafka Streams topologies) and offline (by the CLI and the CI gate):
 * safety detectors, quality evaluators, drift statistics and sketches. Nothing here imports Kafka.
 */
package dev.genaimon.evaluators;
