package dev.genaimon.evaluators.safety.scan;

/** Callbacks from {@link SafetyScanner#scan}; both run on the scanning thread, so keep them cheap. */
public interface ProgressListener {

    /** Called after each input line; {@code linesRead} counts every line, scanned or rejected. */
    void onProgress(long linesRead, long scanned, long rejected);

    /** Called for each line that was skipped. {@code lineNumber} is 1-based. */
    default void onMalformed(long lineNumber, String reason) {
        System.err.println("line " + lineNumber + ": skipped: " + reason);
    }

    /** Reports malformed lines to stderr, ignores progress. */
    ProgressListener STDERR = (read, scanned, rejected) -> {
    };
}
