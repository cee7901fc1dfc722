package dev.genaimon.evaluators.safety.attack;

/**
 * One pass over a text that produces everything the attack model reads: the lower-cased, whitespace-collapsed
 * characters, the word tokens (as hashes, with line-start / all-caps / colon-after flags for the structural cues),
 * and the signed feature hashes of character 3-5-grams and word 1-3-grams. No substrings, no regex, no allocation
 * per call. Each gram is stored as one mixed 32-bit hash: the low {@link #BITS} bits are the bucket, the top bit
 * the sign (signed feature hashing, so colliding grams cancel on average instead of adding up).
 *
 * <p>Each block (character grams, word grams) is scaled by {@code 1 / sqrt(number of grams)}, so long and short
 * texts land on the same scale without a per-bucket count table. Not thread-safe: one instance per thread
 * ({@link #forThread()}).
 */
final class HashedText {

    static final int BITS = 18;
    static final int BUCKETS = 1 << BITS;
    static final int MASK = BUCKETS - 1;
    /** Long texts are capped: the first 8k characters carry the setup of every attack we have seen. */
    static final int MAX_CHARS = 8192;

    static final int LINE_START = 1;
    static final int ALL_CAPS = 2;
    static final int COLON_AFTER = 4;

    private static final int FNV = 0x01000193;
    static final int WORD_SEED = 0x2c1b3c6d;
    private static final int CHAR_SEED = 0x9747b28c;

    private static final byte WS = 0;
    private static final byte WORD = 1;
    private static final byte OTHER = 2;
    private static final byte APOSTROPHE = 3;
    private static final byte[] KIND = new byte[128];
    private static final char[] LOWER = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            LOWER[c] = Character.toLowerCase(c);
            KIND[c] = Character.isWhitespace(c) ? WS : Character.isLetterOrDigit(c) ? WORD : c == '\'' ? APOSTROPHE : OTHER;
        }
    }

    private static final ThreadLocal<HashedText> LOCAL = ThreadLocal.withInitial(HashedText::new);

    /** Lower-cased text with whitespace runs collapsed to one space, padded with a space at both ends. */
    final char[] chars = new char[MAX_CHARS + 2];
    int length;
    /** Length of the original text (before the cap). */
    int originalLength;

    int[] tokens = new int[MAX_CHARS / 2 + 1];
    int[] tokenFlags = new int[MAX_CHARS / 2 + 1];
    int tokenCount;

    final int[] charGrams = new int[3 * (MAX_CHARS + 2)];
    int charGramCount;
    final int[] wordGrams = new int[3 * (MAX_CHARS / 2 + 1)];
    int wordGramCount;

    static HashedText forThread() {
        return LOCAL.get();
    }

    /** Hash of one lower-case word exactly as {@link #analyse} hashes tokens (apostrophes skipped). */
    static int wordHash(String lowerWord) {
        int h = WORD_SEED;
        for (int i = 0; i < lowerWord.length(); i++) {
            char c = lowerWord.charAt(i);
            if (c != '\'' && c != '\u2019') {
                h = (h ^ c) * FNV;
            }
        }
        return h;
    }

    /** Analyses {@code text}; results are valid until the next call on this instance. */
    void analyse(String text) {
        originalLength = text.length();
        int limit = Math.min(text.length(), MAX_CHARS);
        int n = 0;
        chars[n++] = ' ';
        boolean space = true;
        int tc = 0;
        int h = 0;
        boolean inWord = false;
        boolean caps = true;
        boolean newline = true;
        boolean onlySpacesSinceToken = false;
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            char lc;
            byte kind;
            if (c < 128) {
                lc = LOWER[c];
                kind = KIND[c];
            } else {
                lc = Character.toLowerCase(c);
                kind = Character.isWhitespace(c) ? WS : Character.isLetterOrDigit(c) ? WORD
                        : c == '\u2019' ? APOSTROPHE : OTHER;
            }
            if (kind == WS) {
                if (!space) {
                    chars[n++] = ' ';
                    space = true;
                }
            } else {
                chars[n++] = lc;
                space = false;
            }
            if (kind == WORD) {
                if (!inWord) {
                    h = WORD_SEED;
                    inWord = true;
                    caps = true;
                }
                h = (h ^ lc) * FNV;
                if (lc != c ? false : (c < 128 ? (c >= 'a' && c <= 'z') : Character.isLowerCase(c))) {
                    caps = false;
                }
            } else if (kind == APOSTROPHE && inWord) {
                continue; // "don't" is the token "dont"
            } else {
                if (inWord) {
                    tokens[tc] = h;
                    tokenFlags[tc] = (newline ? LINE_START : 0) | (caps ? ALL_CAPS : 0);
                    tc++;
                    inWord = false;
                    newline = false;
                    onlySpacesSinceToken = true;
                }
                if (c == '\n' || c == '\r') {
                    newline = true;
                }
                if (c == ':' && onlySpacesSinceToken && tc > 0) {
                    tokenFlags[tc - 1] |= COLON_AFTER;
                }
                if (c != ' ' && c != '\t') {
                    onlySpacesSinceToken = false;
                }
            }
        }
        if (inWord) {
            tokens[tc] = h;
            tokenFlags[tc] = (newline ? LINE_START : 0) | (caps ? ALL_CAPS : 0);
            tc++;
        }
        if (!space) {
            chars[n++] = ' ';
        }
        length = n;
        tokenCount = tc;

        // Character 3-5-grams over " text ", so word boundaries are part of the grams.
        int g = 0;
        for (int i = 0; i + 2 < n; i++) {
            int x = (((CHAR_SEED ^ chars[i]) * FNV) ^ chars[i + 1]) * FNV;
            x = (x ^ chars[i + 2]) * FNV;
            charGrams[g++] = mix(x + 2);
            if (i + 3 < n) {
                x = (x ^ chars[i + 3]) * FNV;
                charGrams[g++] = mix(x + 3);
                if (i + 4 < n) {
                    x = (x ^ chars[i + 4]) * FNV;
                    charGrams[g++] = mix(x + 4);
                }
            }
        }
        charGramCount = g;

        // Word 1-3-grams.
        int w = 0;
        int p1 = 0;
        int p2 = 0;
        for (int t = 0; t < tc; t++) {
            int cur = tokens[t];
            wordGrams[w++] = mix(cur ^ 0x55555555);
            if (t >= 1) {
                wordGrams[w++] = mix(p1 * 31 + cur + 0x1b873593);
                if (t >= 2) {
                    wordGrams[w++] = mix((p2 * 31 + p1) * 31 + cur + 0x7feb352d);
                }
            }
            p2 = p1;
            p1 = cur;
        }
        wordGramCount = w;
    }

    /** 1 / sqrt(count), 0 for an empty block. */
    static float blockScale(int count) {
        return count == 0 ? 0f : (float) (1 / Math.sqrt(count));
    }

    /** +1 or -1 from the top bit of a stored gram. */
    static int sign(int gram) {
        return 1 | (gram >> 31);
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
