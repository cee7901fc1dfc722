package dev.genaimon.evaluators.safety.attack;

/**
 * One pass over a text that produces everything the attack model reads: the lower-cased, whitespace-collapsed
 * characters, the word tokens (as hashes, with line-start / all-caps / colon-after flags for the structural cues),
 * and the signed feature hashes of character 3-5-grams and word 1-3-grams. No substrings, no regex, no allocation
 * per call. Each gram is stored as one mixed 32-bit hash: the top {@link #BITS} bits are the bucket, the next bit
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
    private static final byte KIND_MASK = 3;
    /** Flag in {@link #KIND}: the character is a lower-case letter (a word with one is not written in capitals). */
    private static final byte LOWER_LETTER = 4;
    /** Flag in {@link #KIND}: a base64 character {@code [A-Za-z0-9+/]}. */
    private static final byte BASE64 = 8;
    /** Flag in {@link #KIND}: markup/code symbol counted by the adversarial-suffix cue. */
    private static final byte MARKUP = 16;
    /** Flag in {@link #KIND}: may start a chat-template delimiter ({@code < [ ] = -}). */
    private static final byte DELIMITER = 32;
    /** Per UTF-16 unit of the Basic Multilingual Plane: kind and flags, and the lower-case form (192 KB). */
    private static final byte[] KIND = new byte[65536];
    private static final char[] LOWER = new char[65536];

    static {
        for (int i = 0; i < 65536; i++) {
            char c = (char) i;
            LOWER[i] = Character.toLowerCase(c);
            int kind = Character.isWhitespace(c) ? WS : Character.isLetterOrDigit(c) ? WORD
                    : c == '\'' || c == '\u2019' ? APOSTROPHE : OTHER;
            if (Character.isLowerCase(c)) {
                kind |= LOWER_LETTER;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                kind |= BASE64;
            }
            if ("{}[]<>|\\`".indexOf(c) >= 0) {
                kind |= MARKUP;
            }
            if ("<[]=-".indexOf(c) >= 0) {
                kind |= DELIMITER;
            }
            KIND[i] = (byte) kind;
        }
    }

    private static final ThreadLocal<HashedText> LOCAL = ThreadLocal.withInitial(HashedText::new);

    private final char[] raw = new char[MAX_CHARS];
    /** Lower-cased text with whitespace runs collapsed to one space, padded with a space at both ends. */
    final char[] chars = new char[MAX_CHARS + 2];
    int length;
    /** Length of the original text (before the cap). */
    int originalLength;

    /** A run of 48 base64 characters {@code [A-Za-z0-9+/]} was seen. */
    boolean hasBase64Run;
    /** Markup symbols before the last {@link StructuralFeatures#SUFFIX_CHARS} characters (within the cap). */
    int headMarkup;
    /** Positions in {@link #chars} of characters that may start a delimiter ({@code < [ ] = -}). */
    final int[] specials = new int[MAX_CHARS + 2];
    int specialCount;
    /** Scratch for the token-flood cue. */
    final int[] floodTable = new int[2048];

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
        int base64Run = 0;
        boolean base64 = false;
        int markup = 0;
        int headEnd = text.length() - StructuralFeatures.SUFFIX_CHARS;
        int sp = 0;
        text.getChars(0, limit, raw, 0); // one bulk copy instead of a bounds-checked charAt per character
        char[] in = raw;
        for (int i = 0; i < limit; i++) {
            char c = in[i];
            char lc = LOWER[c];
            int flags = KIND[c];
            int kind = flags & KIND_MASK;
            if ((flags & BASE64) != 0) {
                if (++base64Run >= 48) {
                    base64 = true;
                }
            } else {
                base64Run = 0;
            }
            if ((flags & MARKUP) != 0 && i < headEnd) {
                markup++;
            }
            if (kind == WS) {
                if (!space) {
                    chars[n++] = ' ';
                    space = true;
                }
            } else {
                if ((flags & DELIMITER) != 0) {
                    specials[sp++] = n;
                }
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
                if ((flags & LOWER_LETTER) != 0) {
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
        hasBase64Run = base64;
        headMarkup = markup;
        specialCount = sp;
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

    /** +1 or -1 from the bit just below the bucket bits of a stored gram. */
    static int sign(int gram) {
        return 1 | ((gram << BITS) >> 31);
    }

    /** Fibonacci hashing: one multiply; the top bits of the product are the bucket, the bit below the sign. */
    private static int mix(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** Bucket of a stored gram. */
    static int bucket(int gram) {
        return gram >>> (32 - BITS);
    }
}
