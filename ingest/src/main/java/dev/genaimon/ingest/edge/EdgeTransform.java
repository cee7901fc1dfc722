package dev.genaimon.ingest.edge;

import dev.genaimon.schemas.avro.Interaction;
import java.util.function.UnaryOperator;

/**
 * A change ingest makes to a valid interaction before it is written to Kafka, e.g. masking PII for tenants that must
 * never have raw text in the cluster ({@code ingest.redaction: edge}). Applied to interactions from every way in
 * (HTTP JSON, OTLP). An implementation may change the record in place and return it; it must be thread-safe and must
 * not throw for any valid interaction.
 */
@FunctionalInterface
public interface EdgeTransform extends UnaryOperator<Interaction> {

    /** Leaves every interaction as it is. */
    EdgeTransform NONE = interaction -> interaction;

    @Override
    Interaction apply(Interaction interaction);
}
