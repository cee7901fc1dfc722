package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.safety.harm.HarmResult;
import java.util.List;

/**
 * The two Azure AI Content Safety operations genaimon uses, one HTTP request each; a seam between the guards of
 * {@link ContentSafetyDetector} and the wire. Failures throw {@link ContentSafetyCallException}.
 */
interface ContentSafetyService {

    /** {@code text:analyze}: severities 0/2/4/6 per harm category. */
    HarmResult analyzeText(String text);

    /** {@code text:shieldPrompt}: whether the user prompt, and each document, carries an attack. */
    ShieldVerdict shieldPrompt(String userPrompt, List<String> documents);

    /**
     * @param userPromptAttack  attack detected in the user prompt (jailbreak / direct injection)
     * @param documentAttacks   per document, in order: attack detected (indirect injection)
     */
    record ShieldVerdict(boolean userPromptAttack, List<Boolean> documentAttacks) {
        public ShieldVerdict {
            documentAttacks = List.copyOf(documentAttacks);
        }
    }
}
