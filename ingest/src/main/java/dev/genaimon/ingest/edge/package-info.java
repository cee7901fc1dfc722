/** What ingest changes in an interaction before it reaches Kafka: edge redaction and metadata-only capture. */
package dev.genaimon.ingest.edge;
