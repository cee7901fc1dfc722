package dev.genaimon.evaluators.safety.scan;

/** Outcome of parsing one JSONL line: a request, or a rejection with a human-readable reason. */
public sealed interface ParseResult {

    record Accepted(ScanRequest request) implements ParseResult {
    }

    record Rejected(String reason) implements ParseResult {
        public Rejected {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a rejection needs a reason");
            }
        }
    }
}
