package dev.genaimon.evaluators.safety.text;

import java.util.Locale;

/**
 * {@code text.toLowerCase(Locale.ROOT)} with a one-entry cache per thread, keyed by identity: the enrich stage
 * hands the same response string to the harm, refusal and compliance detectors in a row, and each used to make
 * its own lower-case copy. Internal to the safety detectors.
 */
public final class LowerCase {

    /** The last two inputs and their lower-case forms: {in0, out0, in1, out1}. */
    private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[4]);

    private LowerCase() {
    }

    public static String of(String text) {
        String[] last = LAST.get();
        if (last[0] == text) {
            return last[1];
        }
        if (last[2] == text) {
            return last[3];
        }
        String lower = text.toLowerCase(Locale.ROOT);
        last[2] = last[0];
        last[3] = last[1];
        last[0] = text;
        last[1] = lower;
        return lower;
    }
}
