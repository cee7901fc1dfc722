package dev.genaimon.schemas.validate;

/**
 * One problem with one field of one item.
 *
 * @param path    JSON path of the field, e.g. {@code messages[2].role}; {@code $} for the whole item
 * @param message what is wrong and what was expected
 */
public record ItemError(String path, String message) {
}
