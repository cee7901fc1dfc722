package dev.genaimon.evaluators.safety.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regex that is only tried at the start positions its keywords allow. Valid when every match contains an
 * occurrence of one of the keywords of its group (ASCII-case-insensitive) that begins at most that keyword's
 * {@code before} characters after the match start ({@link Keywords.Builder#addWithin}; 0 when the keyword begins
 * the match). Then every match starts in one of the intervals {@code [hit.start - before, hit.start]}, and trying
 * {@code lookingAt} at those positions in increasing order yields exactly the matches, in the same order, that
 * repeated {@code find()} over the whole text yields, while ordinary text without the keywords costs nothing beyond
 * the shared keyword pass. Attempts use transparent, non-anchoring bounds, so look-behinds and {@code \b} see the
 * real text and the match may extend to the end of the text. Immutable and thread-safe.
 */
public final class GuardedPattern {

    private final Pattern pattern;
    private final int group;

    public GuardedPattern(Pattern pattern, int group) {
        this.pattern = pattern;
        this.group = group;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Whether the pattern matches anywhere in {@code text}, given the keyword {@code hits} of that same text. */
    public boolean find(CharSequence text, Keywords.Hits hits) {
        return hits.has(group) && new Finder(text, hits).find();
    }

    /** Whether the pattern matches in {@code text[0, limit)}, as {@code pattern.matcher(text.substring(0, limit)).find()}. */
    public boolean findBefore(CharSequence text, Keywords.Hits hits, int limit) {
        // A sub-sequence, not a region: at the limit the original matcher saw the end of input.
        return hits.has(group) && new Finder(limit < text.length() ? text.subSequence(0, limit) : text, hits).find();
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
        private final int length;
        private Matcher m;
        private int next;
        /** Next position a match may start at: the end of the previous match. */
        private int from;
        /** Current interval of candidate starts, inclusive; empty when {@code low > high}. */
        private int low = 0;
        private int high = -1;
        /** Every position up to here has been tried or lies inside a match. */
        private int tried = -1;

        private Finder(CharSequence text, Keywords.Hits hits) {
            this.text = text;
            this.hits = hits;
            this.length = text.length();
        }

        public boolean find() {
            if (!hits.has(group)) {
                return false;
            }
            while (true) {
                int end = Math.min(high, length - 1);
                for (int s = Math.max(Math.max(low, from), tried + 1); s <= end; s++) {
                    if (m == null) {
                        m = pattern.matcher(text);
                        m.useTransparentBounds(true);
                        m.useAnchoringBounds(false);
                    }
                    m.region(s, length);
                    if (m.lookingAt()) {
                        from = m.end() > m.start() ? m.end() : m.end() + 1;
                        tried = from - 1;
                        low = from;
                        return true;
                    }
                    tried = s;
                }
                low = 0;
                high = -1;
                int i = next;
                while (i < hits.size && (hits.masks[i] & bit) == 0) {
                    i++;
                }
                if (i >= hits.size) {
                    next = i;
                    return false;
                }
                int a = hits.starts[i] - hits.owner.before(hits.ids[i], group);
                int b = hits.starts[i];
                int j = i + 1;
                for (; j < hits.size; j++) {
                    if ((hits.masks[j] & bit) == 0) {
                        continue;
                    }
                    int aj = hits.starts[j] - hits.owner.before(hits.ids[j], group);
                    if (aj > b + 1) {
                        break;
                    }
                    a = Math.min(a, aj);
                    b = Math.max(b, hits.starts[j]);
                }
                next = j;
                low = Math.max(0, a);
                high = b;
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
