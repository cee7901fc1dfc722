package dev.genaimon.evaluators.safety;

/**
 * A detector that inspects one text and reports what it found. Implementations are thread-safe and
 * hold no per-call state, so one instance serves every stream thread.
 *
 * @param <R> the result record, e.g. a list of PII entities or an attack score
 */
@FunctionalInterface
public interface SafetyDetector<R> {

    /** Inspects {@code text} (never {@code null}; may be empty) and returns the finding, never {@code null}. */
    R detect(String text);
}
