package dev.genaimon.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** A registry in memory, for tests and single-process use. Ids are global, as in Confluent's registry. */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<String, Integer> idsByCanonicalSchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        return idsByCanonicalSchema.computeIfAbsent(schema.toString(), s -> {
            int id = schemasById.size() + 1;
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("schema id " + id + " not found", 404, null);
        }
        return schema;
    }
}
