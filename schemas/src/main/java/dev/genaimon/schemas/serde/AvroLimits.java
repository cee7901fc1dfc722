package dev.genaimon.schemas.serde;

/**
 * Bounds on what one Avro datum may claim to contain. Avro's defaults (about 2 GiB per string) let a 20-byte poison
 * record make the reader allocate gigabytes before it notices the data ends; with these bounds such a record fails
 * fast as {@code MALFORMED}. Avro reads the properties once, when its {@code SystemLimitException} class initialises,
 * so this runs before any genaimon decoder exists. An operator can still override them with the same system
 * properties on the command line.
 */
final class AvroLimits {

    /** Largest string or bytes value in one datum: 16 MiB, far above any legitimate genaimon field. */
    static final String MAX_FIELD_BYTES = Integer.toString(16 * 1024 * 1024);
    /** Largest array or map in one datum. */
    static final String MAX_COLLECTION_ITEMS = Integer.toString(1_000_000);

    private AvroLimits() {
    }

    static void apply() {
        setIfAbsent("org.apache.avro.limits.string.maxLength", MAX_FIELD_BYTES);
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", MAX_FIELD_BYTES);
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
