package dev.genaimon.evaluators.quality;

/**
 * One evaluator's result for one input; mirrors OTel {@code gen_ai.evaluation.result}. Exactly one of
 * {@code value} and {@code error} is set.
 *
 * @param name         evaluator name
 * @param version      evaluator version
 * @param value        score in the evaluator's documented range, or {@code null} on error
 * @param passed       whether the score meets the evaluator's pass threshold, or {@code null} on error
 * @param label        short label, e.g. {@code pass}, {@code fail}, {@code relevant}
 * @param explanation  short reason, may be {@code null}
 * @param error        why there is no score, or {@code null}
 * @param usage        judge model, tokens, cost and latency; {@link JudgeUsage#NONE} for local evaluators
 */
public record EvaluationScore(String name, String version, Double value, Boolean passed, String label,
                              String explanation, String error, JudgeUsage usage) {

    /**
     * The {@code error} of a judge result when the tenant's judge budget (requests or tokens) is spent or the circuit
     * breaker is open; the worker then falls back to the local evaluator of the same dimension and says so.
     */
    public static final String JUDGE_UNAVAILABLE = "judge_unavailable";

    public static EvaluationScore of(Evaluator evaluator, double value, boolean passed, String explanation) {
        return new EvaluationScore(evaluator.name(), evaluator.version(), value, passed, passed ? "pass" : "fail",
                explanation, null, JudgeUsage.NONE);
    }

    public static EvaluationScore error(Evaluator evaluator, String error) {
        return new EvaluationScore(evaluator.name(), evaluator.version(), null, null, null, null, error,
                JudgeUsage.NONE);
    }

    public boolean failed() {
        return error != null;
    }

    /**
     * Cost of an LLM-judge call.
     *
     * @param judgeModel   model that judged, or {@code null} for local evaluators
     * @param inputTokens  prompt tokens
     * @param outputTokens completion tokens
     * @param costUsd      estimated cost
     * @param latencyMs    wall time of the evaluation
     */
    public record JudgeUsage(String judgeModel, long inputTokens, long outputTokens, double costUsd, long latencyMs) {
        public static final JudgeUsage NONE = new JudgeUsage(null, 0, 0, 0.0, 0);
    }
}
