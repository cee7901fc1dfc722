package dev.genaimon.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API genaimon needs. Implementations cache: a schema is registered
 * once per subject and fetched once per id.
 */
public interface SchemaRegistryClient {

    /** Registers (or finds) the schema under the subject and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);
}
