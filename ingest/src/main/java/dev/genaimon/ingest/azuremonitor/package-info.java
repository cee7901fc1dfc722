/**
 * Azure Monitor pull: runs a KQL query against a Log Analytics workspace on a schedule, pages through the result by
 * (time, id), maps each row to an {@code Interaction} with a configured column mapping, and writes the interactions
 * together with the source's new read position ({@code SourceWatermark}) in one Kafka transaction. See
 * docs/ingest.md, "Azure Monitor source".
 */
package dev.genaimon.ingest.azuremonitor;
