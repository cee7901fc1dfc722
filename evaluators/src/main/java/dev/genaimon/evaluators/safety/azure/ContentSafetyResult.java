package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.safety.harm.HarmResult;
import java.util.List;
import java.util.Objects;

/**
 * What Azure AI Content Safety said about one interaction, or why it said nothing. Never a made-up value: when the
 * status is not {@link Status#OK}, every finding is {@code null} and {@code reason} says why.
 *
 * @param status          {@code OK}, {@code SKIPPED} (the per-minute budget was spent: no request was sent) or
 *                        {@code UNAVAILABLE} (timeout, 5xx, 429, breaker open, request refused)
 * @param reason          why there is no finding, or {@code null} when OK
 * @param promptHarm      severities of the prompt, or {@code null} when not analysed (no prompt, text analysis off)
 * @param responseHarm    severities of the response, or {@code null} when not analysed
 * @param promptAttack    Prompt Shields' user-prompt verdict (jailbreak / direct injection), or {@code null} when
 *                        not checked (no prompt, Prompt Shields off)
 * @param documentAttacks Prompt Shields' verdict per context document (indirect injection), in order; empty when
 *                        there were none or they were not checked
 */
public record ContentSafetyResult(Status status, String reason, HarmResult promptHarm, HarmResult responseHarm,
                                  Boolean promptAttack, List<Boolean> documentAttacks) {

    /** Whether the service answered, was not asked (budget), or could not answer. */
    public enum Status { OK, SKIPPED, UNAVAILABLE }

    public ContentSafetyResult {
        Objects.requireNonNull(status, "status");
        documentAttacks = documentAttacks == null ? List.of() : List.copyOf(documentAttacks);
        if (status != Status.OK && reason == null) {
            throw new IllegalArgumentException("a " + status + " result needs a reason");
        }
    }

    static ContentSafetyResult skipped(String reason) {
        return new ContentSafetyResult(Status.SKIPPED, reason, null, null, null, List.of());
    }

    static ContentSafetyResult unavailable(String reason) {
        return new ContentSafetyResult(Status.UNAVAILABLE, reason, null, null, null, List.of());
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** The higher severity of prompt and response, or {@code null} when neither was analysed. */
    public HarmResult maxHarm() {
        if (promptHarm == null) {
            return responseHarm;
        }
        if (responseHarm == null) {
            return promptHarm;
        }
        return new HarmResult(Math.max(promptHarm.hate(), responseHarm.hate()),
                Math.max(promptHarm.sexual(), responseHarm.sexual()),
                Math.max(promptHarm.violence(), responseHarm.violence()),
                Math.max(promptHarm.selfHarm(), responseHarm.selfHarm()));
    }

    /** Whether any context document carries an attack; {@code null} when none were checked. */
    public Boolean documentAttack() {
        return documentAttacks.isEmpty() ? null : documentAttacks.contains(Boolean.TRUE);
    }
}
