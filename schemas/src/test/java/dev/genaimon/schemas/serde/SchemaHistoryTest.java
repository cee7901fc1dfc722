package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.topics.Topics;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaHistoryTest {

    private final SchemaHistory history = SchemaHistory.bundled();

    @Test
    void shouldPublishTheCurrentSchemaOfEveryValueTypeAsItsLatestVersion() {
        for (Class<? extends SpecificRecord> type : versionedTypes()) {
            Schema current = SpecificData.get().getSchema(type);
            List<Schema> versions = history.versions(current.getName());
            assertThat(versions).as("history of %s (run SchemaHistoryWriter after changing a schema)", type)
                    .isNotEmpty();
            assertThat(SchemaHistory.fingerprint(versions.get(versions.size() - 1)))
                    .as("latest published %s equals the compiled schema", current.getName())
                    .isEqualTo(SchemaHistory.fingerprint(current));
            assertThat(history.findByFingerprint(SchemaHistory.fingerprint(current))).isEqualTo(current);
        }
    }

    @Test
    void shouldReadEveryPublishedVersionWithTheCurrentSchema() {
        for (Class<? extends SpecificRecord> type : versionedTypes()) {
            Schema current = SpecificData.get().getSchema(type);
            for (Schema published : history.versions(current.getName())) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, published).getType())
                        .as("%s reads data written with an earlier version", current.getName())
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void shouldDetectAnIncompatibleChangeSuchAsANewRequiredField() {
        Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
        Schema compatible = SchemaBuilder.record("Thing").fields().requiredString("a")
                .optionalString("b").endRecord();
        Schema incompatible = SchemaBuilder.record("Thing").fields().requiredString("a")
                .requiredLong("c").endRecord();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(compatible, v1).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(incompatible, v1).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static java.util.List<Class<? extends SpecificRecord>> versionedTypes() {
        java.util.List<Class<? extends SpecificRecord>> types = new java.util.ArrayList<>(Topics.VALUE_TYPES);
        types.addAll(Topics.STORE_TYPES);
        return types;
    }
}
