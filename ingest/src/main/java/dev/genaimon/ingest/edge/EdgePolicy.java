package dev.genaimon.ingest.edge;

import dev.genaimon.schemas.avro.Interaction;
import java.util.Set;

/**
 * Which tenants get which edge treatment: metadata-only tenants lose their text ({@link MetadataOnly}), tenants with
 * edge redaction (all of them, or the listed ones) get {@code redactor} applied; everyone else is left alone.
 * Metadata-only wins over redaction (no text is left to redact).
 *
 * @param metadataOnlyTenants tenants whose text never reaches Kafka ({@code ingest.metadata-only-tenants})
 * @param redactAllTenants    true for {@code ingest.redaction: edge}
 * @param redactTenants       tenants with edge redaction when not all are ({@code ingest.redaction-edge-tenants})
 * @param redactor            masks PII in an interaction and records it in its redaction info
 */
public record EdgePolicy(Set<String> metadataOnlyTenants, boolean redactAllTenants, Set<String> redactTenants,
                         EdgeTransform redactor) implements EdgeTransform {

    public EdgePolicy {
        metadataOnlyTenants = Set.copyOf(metadataOnlyTenants);
        redactTenants = Set.copyOf(redactTenants);
        if ((redactAllTenants || !redactTenants.isEmpty()) && redactor == null) {
            throw new IllegalArgumentException("edge redaction is configured but no redactor was given");
        }
    }

    /** True when nothing is configured: ingest then skips the policy entirely. */
    public boolean inactive() {
        return metadataOnlyTenants.isEmpty() && !redactAllTenants && redactTenants.isEmpty();
    }

    @Override
    public Interaction apply(Interaction interaction) {
        String tenant = interaction.getTenant();
        if (metadataOnlyTenants.contains(tenant)) {
            return MetadataOnly.strip(interaction);
        }
        if (redactAllTenants || redactTenants.contains(tenant)) {
            return redactor.apply(interaction);
        }
        return interaction;
    }
}
