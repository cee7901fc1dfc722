package dev.genaimon.schemas.validate;

import java.util.List;

/**
 * The outcome of validating one JSON item into an Avro record.
 *
 * @param record   the record to publish, or null when invalid
 * @param errors   what is wrong; empty when valid
 * @param warnings what was accepted but changed or ignored
 * @param <V>      record type
 */
public record Validated<V>(V record, List<ItemError> errors, List<String> warnings) {

    public Validated {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
