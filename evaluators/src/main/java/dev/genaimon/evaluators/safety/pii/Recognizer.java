package dev.genaimon.evaluators.safety.pii;

import java.util.List;

/** One family of entities. Appends candidates to {@code out}; overlaps are resolved by the caller. */
interface Recognizer {
    void find(String text, List<PiiEntity> out);

    /** The same, given the text's {@link TextShape} (computed once per text and shared by the recognizers). */
    default void find(TextShape shape, List<PiiEntity> out) {
        find(shape.text, out);
    }
}
