package dev.genaimon.evaluators.safety.pii;

import java.util.Objects;

/**
 * One PII or secret finding.
 *
 * @param type  Presidio-style entity type, e.g. {@code EMAIL_ADDRESS}; see {@link PiiTypes}
 * @param start start index in the Java string (inclusive)
 * @param end   end index in the Java string (exclusive)
 * @param score confidence in [0, 1]
 */
public record PiiEntity(String type, int start, int end, double score) {

    public PiiEntity {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score out of [0,1]: " + score);
        }
    }

    public int length() {
        return end - start;
    }

    boolean overlaps(PiiEntity other) {
        return start < other.end && other.start < end;
    }
}
