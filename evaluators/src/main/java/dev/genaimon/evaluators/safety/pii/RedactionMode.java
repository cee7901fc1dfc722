package dev.genaimon.evaluators.safety.pii;

/** What {@link Redactor} does with a span of one entity type. */
public enum RedactionMode {
    /** Replace with {@code <TYPE>}. */
    MASK,
    /** Replace with {@code <TYPE:hex>}: salted SHA-256, first 12 hex digits; the same value maps to the same tag. */
    HASH,
    /** Leave the text as is (the entity is still reported). */
    KEEP
}
