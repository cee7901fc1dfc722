/**
 * OTLP/HTTP trace receiver: decodes {@code ExportTraceServiceRequest}s (protobuf or OTLP/JSON) and maps spans that
 * follow the OpenTelemetry GenAI semantic conventions to ingest-API interactions. The HTTP side (authentication,
 * bounded body reading, publishing) lives with the other handlers in {@code dev.genaimon.ingest.http}.
 */
package dev.genaimon.ingest.otlp;
