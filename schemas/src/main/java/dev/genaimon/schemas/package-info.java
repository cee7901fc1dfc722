/**
 * The data contracts of genaimon: Avro schemas (and every published version of each), generated classes in
 * {@code dev.genaimon.schemas.avro}, serdes for both wire formats, the JSON mapping of the ingest API, and the
 * topic catalog.
 */
package dev.genaimon.schemas;
