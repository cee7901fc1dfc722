package dev.genaimon.evaluators.safety.pii;

import java.util.List;

/** One family of entities. Appends candidates to {@code out}; overlaps are resolved by the caller. */
interface Recognizer {
    void find(String text, List<PiiEntity> out);
}
