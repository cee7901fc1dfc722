package dev.genaimon.evaluators.judge;

/**
 * Sends one chat request to a judge model. Implementations do not retry and do not rate-limit: {@link Judge} does
 * both, so a test double or another SDK only has to speak the protocol.
 */
public interface JudgeClient {

    /**
     * @return the model's text and token usage
     * @throws JudgeCallException when the call failed (HTTP error, timeout, connection problem)
     */
    JudgeReply complete(JudgeRequest request);

    /**
     * One chat request.
     *
     * @param tenant          who the call is for; sent as the OpenAI {@code user} field
     * @param system          system message: the rubric and the output format
     * @param user            user message: the material to judge
     * @param maxOutputTokens cap on completion tokens
     */
    record JudgeRequest(String tenant, String system, String user, int maxOutputTokens) {
    }

    /**
     * @param text             the model's message content (may be empty)
     * @param promptTokens     prompt tokens the service reported
     * @param completionTokens completion tokens the service reported
     */
    record JudgeReply(String text, long promptTokens, long completionTokens) {

        long totalTokens() {
            return promptTokens + completionTokens;
        }
    }
}
