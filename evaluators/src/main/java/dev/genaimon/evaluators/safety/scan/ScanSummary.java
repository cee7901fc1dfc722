package dev.genaimon.evaluators.safety.scan;

/**
 * Totals of one scan run.
 *
 * @param linesRead   every line read, including blank and malformed ones
 * @param scanned     lines that produced an output line
 * @param rejected    malformed lines skipped (each reported to the listener)
 * @param attacks     outputs with {@code attack.detected}
 * @param withPii     outputs with at least one PII entity
 * @param harmful     outputs with any harm severity of 4 or more
 */
public record ScanSummary(long linesRead, long scanned, long rejected, long attacks, long withPii, long harmful) {
}
