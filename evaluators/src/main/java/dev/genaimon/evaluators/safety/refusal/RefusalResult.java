package dev.genaimon.evaluators.safety.refusal;

/**
 * @param refused whether the response declines the request
 * @param score   strength of the refusal evidence in [0, 1]
 */
public record RefusalResult(boolean refused, double score) {
}
