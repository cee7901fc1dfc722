package dev.genaimon.evaluators.safety.attack;

/**
 * Prompt-attack verdict for one text.
 *
 * @param score    probability-like score in [0, 1] that the text is a jailbreak or prompt injection
 * @param detected {@code score >= threshold} of the detector that produced it
 */
public record AttackResult(double score, boolean detected) {
}
