package dev.genaimon.evaluators.safety.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aho–Corasick automaton over ASCII-case-folded keywords, each tagged with the pattern groups (0..63) that need it.
 * One pass over a text finds every keyword occurrence, so a detector can skip the regexes whose required words are
 * absent and run the others only around where their words occur ({@link GuardedPattern}). Immutable and
 * thread-safe; internal to the safety detectors.
 */
public final class Keywords {

    private static final int ALPHABET = 128;

    /**
     * goto/fail-resolved transition table over character classes: {@code next[state * width + symbol[c]]}. Only
     * the (case-folded) characters that occur in some keyword get a class of their own; every other ASCII
     * character is class 0, which leads to the root from every state. A table of all 128 ASCII columns was up to
     * 20 times larger (hundreds of KB for the harm lexicon) and its cache misses were most of the scan's time.
     */
    private final int[] next;
    /** Class of each ASCII character, upper case folded to lower case; 0 for characters in no keyword. */
    private final byte[] symbol;
    private final int width;
    /** Per state: keyword ids ending here (after following output links), or null. */
    private final int[][] outputs;
    private final int[] lengths;
    private final long[] groups;
    private final boolean[] wordStart;
    /** {@code before[id * 64 + group]}: how far before this keyword a match of the group may start. */
    private final int[] before;

    private Keywords(int[] next, byte[] symbol, int width, int[][] outputs, int[] lengths, long[] groups,
                     boolean[] wordStart, int[] before) {
        this.next = next;
        this.symbol = symbol;
        this.width = width;
        this.outputs = outputs;
        this.lengths = lengths;
        this.groups = groups;
        this.wordStart = wordStart;
        this.before = before;
    }

    int before(int id, int group) {
        return before[id * 64 + group];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects keywords; a keyword starting with {@code "\\b"} only counts at the start of a word. */
    public static final class Builder {
        private final Map<String, Long> masks = new HashMap<>();
        private final Map<String, Integer> befores = new HashMap<>();

        private Builder() {
        }

        /** Keywords at which a match of {@code group} can start (the keyword begins the match). */
        public Builder add(int group, String... keywords) {
            return addWithin(group, 0, keywords);
        }

        /** Keywords that begin at most {@code before} characters after the start of the match that contains them. */
        public Builder addWithin(int group, int before, String... keywords) {
            for (String k : keywords) {
                befores.merge(k + "\u0000" + group, before, Math::max);
            }
            return addMask(group, keywords);
        }

        private Builder addMask(int group, String... keywords) {
            if (group < 0 || group > 63) {
                throw new IllegalArgumentException("group must be in 0..63: " + group);
            }
            for (String k : keywords) {
                if (k.isEmpty()) {
                    throw new IllegalArgumentException("empty keyword");
                }
                masks.merge(k, 1L << group, (a, b) -> a | b);
            }
            return this;
        }

        public Keywords build() {
            List<String> words = new ArrayList<>(masks.keySet());
            words.sort(null); // deterministic state numbering
            List<int[]> trie = new ArrayList<>();
            trie.add(newRow());
            List<List<Integer>> out = new ArrayList<>();
            out.add(new ArrayList<>());
            int[] lengths = new int[words.size()];
            long[] groups = new long[words.size()];
            boolean[] wordStart = new boolean[words.size()];
            int[] before = new int[words.size() * 64];
            for (int id = 0; id < words.size(); id++) {
                String raw = words.get(id);
                for (int g = 0; g < 64; g++) {
                    before[id * 64 + g] = befores.getOrDefault(raw + "\u0000" + g, 0);
                }
                boolean ws = raw.startsWith("\\b");
                String w = ws ? raw.substring(2) : raw;
                lengths[id] = w.length();
                groups[id] = masks.get(raw);
                wordStart[id] = ws;
                int s = 0;
                for (int i = 0; i < w.length(); i++) {
                    int c = fold(w.charAt(i));
                    if (c >= ALPHABET) {
                        throw new IllegalArgumentException("keywords must be ASCII: " + raw);
                    }
                    if (trie.get(s)[c] < 0) {
                        trie.get(s)[c] = trie.size();
                        trie.add(newRow());
                        out.add(new ArrayList<>());
                    }
                    s = trie.get(s)[c];
                }
                out.get(s).add(id);
            }
            int states = trie.size();
            int[] fail = new int[states];
            int[] next = new int[states * ALPHABET];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < ALPHABET; c++) {
                int t = trie.get(0)[c];
                if (t < 0) {
                    next[c] = 0;
                } else {
                    next[c] = t;
                    fail[t] = 0;
                    queue.add(t);
                }
            }
            while (!queue.isEmpty()) {
                int s = queue.poll();
                out.get(s).addAll(out.get(fail[s]));
                for (int c = 0; c < ALPHABET; c++) {
                    int t = trie.get(s)[c];
                    if (t < 0) {
                        next[s * ALPHABET + c] = next[fail[s] * ALPHABET + c];
                    } else {
                        next[s * ALPHABET + c] = t;
                        fail[t] = next[fail[s] * ALPHABET + c];
                        queue.add(t);
                    }
                }
            }
            int[][] outputs = new int[states][];
            for (int s = 0; s < states; s++) {
                List<Integer> o = out.get(s);
                outputs[s] = o.isEmpty() ? null : o.stream().mapToInt(Integer::intValue).toArray();
            }
            // Compress the 128 columns to the characters that occur in keywords (plus class 0 for all others).
            byte[] symbol = new byte[ALPHABET];
            int width = 1;
            for (int c = 0; c < ALPHABET; c++) {
                if (fold((char) c) != c) {
                    continue; // upper case: takes the class of its lower case below
                }
                boolean used = false;
                for (int st = 0; st < states && !used; st++) {
                    used = next[st * ALPHABET + c] != 0;
                }
                if (used) {
                    if (width > Byte.MAX_VALUE) {
                        throw new IllegalStateException("too many distinct keyword characters");
                    }
                    symbol[c] = (byte) width++;
                }
            }
            for (int c = 'A'; c <= 'Z'; c++) {
                symbol[c] = symbol[c + 32];
            }
            int[] compact = new int[states * width];
            for (int c = 0; c < ALPHABET; c++) {
                for (int st = 0; st < states; st++) {
                    compact[st * width + symbol[c]] = next[st * ALPHABET + fold((char) c)];
                }
            }
            return new Keywords(compact, symbol, width, outputs, lengths, groups, wordStart, before);
        }

        private static int[] newRow() {
            int[] row = new int[ALPHABET];
            Arrays.fill(row, -1);
            return row;
        }
    }

    private static int fold(char c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** The last two texts scanned on this thread and their hits: {text0, hits0, text1, hits1}. */
    private final ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[4]);

    /**
     * {@link #scan} with a one-entry cache per thread keyed by the identity of {@code text}; the enrich stage scans
     * the same string with the same detector more than once (harm on the response, then again inside harmful
     * compliance).
     */
    public Hits scanCached(String text) {
        Object[] l = last.get();
        if (l[0] == text) {
            return (Hits) l[1];
        }
        if (l[2] == text) {
            return (Hits) l[3];
        }
        Hits hits = scan(text);
        l[2] = l[0];
        l[3] = l[1];
        l[0] = text;
        l[1] = hits;
        return hits;
    }

    /** Every keyword occurrence in {@code text}, in order of end position. */
    public Hits scan(CharSequence text) {
        Hits hits = new Hits(this);
        int s = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (ch >= ALPHABET) {
                s = 0; // non-ASCII never occurs in a keyword
                continue;
            }
            s = next[s * width + symbol[ch]];
            int[] o = outputs[s];
            if (o != null) {
                for (int id : o) {
                    int start = i + 1 - lengths[id];
                    if (wordStart[id] && start > 0 && isWordChar(text.charAt(start - 1))) {
                        continue;
                    }
                    hits.add(id, start, i + 1, groups[id]);
                }
            }
        }
        return hits;
    }

    static boolean isWordChar(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                : Character.isLetterOrDigit(c);
    }

    /** Keyword occurrences of one scan. */
    public static final class Hits {
        final Keywords owner;
        int size;
        int[] ids = new int[16];
        int[] starts = new int[16];
        int[] ends = new int[16];
        long[] masks = new long[16];
        long present;

        Hits(Keywords owner) {
            this.owner = owner;
        }

        void add(int id, int start, int end, long mask) {
            if (size == starts.length) {
                ids = Arrays.copyOf(ids, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                masks = Arrays.copyOf(masks, size * 2);
            }
            ids[size] = id;
            starts[size] = start;
            ends[size] = end;
            masks[size] = mask;
            size++;
            present |= mask;
        }

        /** Whether some keyword of {@code group} occurs. */
        public boolean has(int group) {
            return (present & (1L << group)) != 0;
        }
    }
}
