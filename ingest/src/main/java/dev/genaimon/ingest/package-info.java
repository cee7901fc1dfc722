/**
 * How telemetry gets in: the HTTP API ({@code http}), body parsing ({@code parse}), validation ({@code validate}),
 * API-key authentication ({@code auth}) and producing to Kafka ({@code publish}).
 */
package dev.genaimon.ingest;
