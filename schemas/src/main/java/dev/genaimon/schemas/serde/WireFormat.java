package dev.genaimon.schemas.serde;

/**
 * How Avro records are framed on a topic. Readers accept both, detecting the format from the first bytes.
 */
public enum WireFormat {
    /** Avro single-object encoding: {@code C3 01}, 8-byte little-endian CRC-64 fingerprint, datum. The default. */
    SINGLE_OBJECT,
    /** Confluent wire format: {@code 00}, 4-byte big-endian schema id from a schema registry, datum. */
    REGISTRY;

    static final byte SINGLE_OBJECT_MARKER_0 = (byte) 0xC3;
    static final byte SINGLE_OBJECT_MARKER_1 = (byte) 0x01;
    static final int SINGLE_OBJECT_HEADER = 10;
    static final byte REGISTRY_MAGIC = 0x00;
    static final int REGISTRY_HEADER = 5;

    /** The format of a serialized value, or {@code null} when it is neither. */
    public static WireFormat detect(byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length >= 2 && data[0] == SINGLE_OBJECT_MARKER_0 && data[1] == SINGLE_OBJECT_MARKER_1) {
            return SINGLE_OBJECT;
        }
        if (data.length >= 1 && data[0] == REGISTRY_MAGIC) {
            return REGISTRY;
        }
        return null;
    }

    /** Parses a configuration value: {@code single-object} or {@code registry}. */
    public static WireFormat parse(String value) {
        switch (value.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "single-object":
                return SINGLE_OBJECT;
            case "registry":
            case "confluent":
                return REGISTRY;
            default:
                throw new IllegalArgumentException("expected single-object or registry, got '" + value + "'");
        }
    }
}
