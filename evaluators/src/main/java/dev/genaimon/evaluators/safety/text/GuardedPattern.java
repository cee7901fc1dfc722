package dev.genaimon.evaluators.safety.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regex that only runs around occurrences of its keywords. Valid when every match of the pattern contains one
 * of the keywords of its group (as an ASCII-case-insensitive substring) and is at most {@code maxLength} characters
 * long: then no match can start before {@code hit.end - maxLength} or end after {@code hit.start + maxLength},
 * and searching the merged windows around the hits gives the same matches as scanning the whole text, at a
 * fraction of the cost. Windows use transparent, non-anchoring bounds so look-arounds and {@code \b} see the
 * real neighbours. Immutable and thread-safe.
 */
public final class GuardedPattern {

    private final Pattern pattern;
    private final int group;
    private final int before;
    private final int after;

    /** Every match contains a keyword of {@code group} and is at most {@code maxLength} characters long. */
    public GuardedPattern(Pattern pattern, int group, int maxLength) {
        this(pattern, group, maxLength, maxLength);
    }

    /**
     * Every match contains a keyword occurrence of {@code group} that starts at most {@code before} characters
     * after the match start and ends at most {@code after} characters before the match end.
     */
    public GuardedPattern(Pattern pattern, int group, int before, int after) {
        this.pattern = pattern;
        this.group = group;
        this.before = before;
        this.after = after;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Whether the pattern matches anywhere in {@code text}, given the keyword {@code hits} of that same text. */
    public boolean find(CharSequence text, Keywords.Hits hits) {
        return count(text, hits, 1) > 0;
    }

    /** Whether the pattern matches in {@code text[0, limit)}, as {@code matcher.region(0, limit).find()} would. */
    public boolean findBefore(CharSequence text, Keywords.Hits hits, int limit) {
        // A sub-sequence, not a region: at the limit the original matcher saw the end of input.
        return count(limit < text.length() ? text.subSequence(0, limit) : text, hits, 1) > 0;
    }

    /** Number of non-overlapping matches scanning from the start, stopping at {@code saturation}. */
    public int count(CharSequence text, Keywords.Hits hits, int saturation) {
        if (!hits.has(group)) {
            return 0;
        }
        Finder f = new Finder(text, hits);
        int found = 0;
        while (found < saturation && f.find()) {
            found++;
        }
        return found;
    }

    /** Successive non-overlapping matches, the same as {@code pattern.matcher(text)} and repeated {@code find()}. */
    public Finder matcher(CharSequence text, Keywords.Hits hits) {
        return new Finder(text, hits);
    }

    /** Iterates the matches; after {@link #find()} returns true the accessors describe that match. */
    public final class Finder {
        private final CharSequence text;
        private final Keywords.Hits hits;
        private final long bit = 1L << group;
        private Matcher m;
        private int next;
        private int from;
        private int regionStart;
        private int regionEnd = -1;

        private Finder(CharSequence text, Keywords.Hits hits) {
            this.text = text;
            this.hits = hits;
        }

        public boolean find() {
            if (!hits.has(group)) {
                return false;
            }
            while (true) {
                if (regionStart < regionEnd) {
                    if (m == null) {
                        m = pattern.matcher(text);
                        m.useTransparentBounds(true);
                        m.useAnchoringBounds(false);
                    }
                    m.region(regionStart, regionEnd);
                    if (m.find()) {
                        from = m.end() > m.start() ? m.end() : m.end() + 1;
                        regionStart = from;
                        return true;
                    }
                }
                regionEnd = -1;
                int i = next;
                while (i < hits.size && (hits.masks[i] & bit) == 0) {
                    i++;
                }
                if (i >= hits.size) {
                    next = i;
                    return false;
                }
                // Hits whose windows overlap share one window.
                int start = Math.max(0, hits.starts[i] - before);
                int end = hits.ends[i] + after;
                int j = i + 1;
                for (; j < hits.size; j++) {
                    if ((hits.masks[j] & bit) == 0) {
                        continue;
                    }
                    if (hits.starts[j] - before > end) {
                        break;
                    }
                    end = Math.max(end, hits.ends[j] + after);
                    start = Math.min(start, Math.max(0, hits.starts[j] - before));
                }
                next = j;
                regionStart = Math.max(start, from);
                regionEnd = Math.min(text.length(), end);
            }
        }

        public int start() {
            return m.start();
        }

        public int end() {
            return m.end();
        }

        public int start(int g) {
            return m.start(g);
        }

        public int end(int g) {
            return m.end(g);
        }

        public String group() {
            return m.group();
        }

        public String group(int g) {
            return m.group(g);
        }
    }
}
