package dev.genaimon.evaluators.safety.attack;

import java.util.List;

/**
 * Attack verdict for a prompt together with its retrieval documents / tool results.
 *
 * @param prompt    verdict for the prompt itself (direct injection, jailbreak)
 * @param locations context windows at or above the threshold (indirect injection), highest score first
 * @param score     the maximum over the prompt and all context windows
 * @param detected  whether anything is at or above the threshold
 */
public record ContextAttackReport(AttackResult prompt, List<Location> locations, double score, boolean detected) {

    public ContextAttackReport {
        locations = List.copyOf(locations);
    }

    /**
     * Where an indirect injection sits.
     *
     * @param document index into the context list
     * @param start    window start (inclusive) in that document
     * @param end      window end (exclusive)
     * @param score    attack score of the window
     */
    public record Location(int document, int start, int end, double score) {
    }
}
