package dev.genaimon.evaluators.safety.pii;

import dev.genaimon.evaluators.safety.text.Keywords;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the recognizers need to know about a text before running any pattern, from one pass over its characters:
 * counts of digits and colons, whether '@', '.' and "::" occur, where the runs of ASCII digits start, and whether
 * seven digits sit close together (the phone guard). Built once per text by {@link PiiDetector} and shared by the
 * recognizers, which then try their patterns only at the few positions where a match can start.
 */
final class TextShape {

    final String text;
    final int length;
    /** ASCII digits. */
    final int digits;
    final int colons;
    final boolean hasAt;
    final boolean hasDot;
    final boolean hasDoubleColon;
    /** Seven ASCII digits with at most three other characters between neighbours ({@code PhoneRecognizer}'s guard). */
    final boolean digitRun7;
    /** Start of every maximal run of ASCII digits, ascending; {@code runCount} of them are valid. */
    final int[] runStarts;
    final int runCount;

    private TextShape(String text) {
        this.text = text;
        int n = text.length();
        this.length = n;
        int digitCount = 0;
        int colonCount = 0;
        boolean at = false;
        boolean dot = false;
        boolean doubleColon = false;
        boolean run7 = false;
        int close = 0;
        int gap = 0;
        int[] starts = new int[16];
        int runs = 0;
        boolean previousDigit = false;
        boolean previousColon = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digitCount++;
                if (!previousDigit) {
                    if (runs == starts.length) {
                        starts = Arrays.copyOf(starts, runs * 2);
                    }
                    starts[runs++] = i;
                }
                previousDigit = true;
                previousColon = false;
                if (!run7) {
                    close++;
                    gap = 0;
                    run7 = close >= 7;
                }
                continue;
            }
            previousDigit = false;
            if (!run7 && ++gap > 3) {
                close = 0;
            }
            if (c == ':') {
                colonCount++;
                doubleColon |= previousColon;
                previousColon = true;
                continue;
            }
            previousColon = false;
            if (c == '@') {
                at = true;
            } else if (c == '.') {
                dot = true;
            }
        }
        this.digits = digitCount;
        this.colons = colonCount;
        this.hasAt = at;
        this.hasDot = dot;
        this.hasDoubleColon = doubleColon;
        this.digitRun7 = run7;
        this.runStarts = starts;
        this.runCount = runs;
    }

    private Keywords.Hits hits;

    /** The {@link PiiKeywords} occurrences, found on first use and then shared by the recognizers. */
    Keywords.Hits hits() {
        if (hits == null) {
            hits = PiiKeywords.ALL.scan(text);
        }
        return hits;
    }

    static TextShape of(String text) {
        return new TextShape(text);
    }

    /**
     * Successive non-overlapping matches of {@code pattern} that start at one of {@code starts} (ascending). When
     * every match of the pattern must start at one of them, these are exactly the matches repeated
     * {@code pattern.matcher(text).find()} yields: find() tries every position in order, and the others fail at
     * once. Attempts see the whole text (transparent bounds), so look-behinds behave as in find().
     */
    static final class At {
        private final Matcher m;
        private final int[] starts;
        private final int count;
        private final int length;
        private int k;
        private int from;

        At(Pattern pattern, String text, int[] starts, int count) {
            this.m = pattern.matcher(text);
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            this.starts = starts;
            this.count = count;
            this.length = text.length();
        }

        boolean find() {
            while (k < count) {
                int s = starts[k++];
                if (s < from) {
                    continue;
                }
                m.region(s, length);
                if (m.lookingAt()) {
                    from = m.end() > m.start() ? m.end() : m.end() + 1;
                    return true;
                }
            }
            return false;
        }

        Matcher matcher() {
            return m;
        }
    }
}
