package dev.genaimon.evaluators.safety.attack;

import java.util.Arrays;

/**
 * Feature hashing of text into a sparse vector: character 3-5-grams (lower-cased, whitespace collapsed) and
 * word uni/bi-grams, each block L2-normalised with sublinear (1 + log) term frequency so that long and short
 * texts land on the same scale. Not thread-safe: one instance per thread ({@link #forThread()}), because the
 * dense accumulation buffer is reused to avoid per-call allocation.
 */
final class HashedText {

    static final int BITS = 18;
    static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int MIN_N = 3;
    private static final int MAX_N = 5;
    /** Long texts are capped: the first 8k characters carry the setup of every attack we have seen. */
    static final int MAX_CHARS = 8192;

    /** {@code (float) (1 + Math.log(tf))} for small counts; most grams occur once or twice, and log dominated. */
    private static final float[] SUBLINEAR = new float[1024];

    static {
        for (int tf = 1; tf < SUBLINEAR.length; tf++) {
            SUBLINEAR[tf] = (float) (1 + Math.log(tf));
        }
    }

    private static final ThreadLocal<HashedText> LOCAL = ThreadLocal.withInitial(HashedText::new);

    private final float[] dense = new float[BUCKETS];
    private final char[] chars = new char[MAX_CHARS + 2];
    private int[] touched = new int[4096];
    private int touchedCount;

    /** Result buffers; valid until the next {@link #hash} call on the same instance. */
    int[] indices = new int[8192];
    float[] values = new float[8192];
    int size;

    static HashedText forThread() {
        return LOCAL.get();
    }

    /** Hashes {@code text}; read the result from {@link #indices}, {@link #values}, {@link #size}. */
    void hash(String text) {
        int n = normalise(text);
        size = 0;
        // Character n-grams over " text " so word boundaries are part of the grams.
        touchedCount = 0;
        for (int i = 0; i < n; i++) {
            int h = 0x9747b28c;
            for (int k = 0; k < MAX_N && i + k < n; k++) {
                h = (h ^ chars[i + k]) * 0x01000193;
                if (k + 1 >= MIN_N) {
                    add(mix(h + k));
                }
            }
        }
        flushNormalised();
        // Word unigrams and bigrams.
        touchedCount = 0;
        int prev = 0;
        boolean hasPrev = false;
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(chars[i])) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int h = 0x2c1b3c6d;
            while (i < n && Character.isLetterOrDigit(chars[i])) {
                h = (h ^ chars[i]) * 0x01000193;
                i++;
            }
            add(mix(h ^ 0x55555555));
            if (hasPrev) {
                add(mix(prev * 31 + h + 0x1b873593));
            }
            prev = h;
            hasPrev = true;
        }
        flushNormalised();
    }

    private int normalise(String text) {
        int n = 0;
        chars[n++] = ' ';
        boolean space = true;
        int limit = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!space) {
                    chars[n++] = ' ';
                    space = true;
                }
            } else {
                chars[n++] = Character.toLowerCase(c);
                space = false;
            }
        }
        if (!space) {
            chars[n++] = ' ';
        }
        return n;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & MASK;
    }

    private void add(int bucket) {
        if (dense[bucket] == 0) {
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = bucket;
        }
        dense[bucket] += 1;
    }

    /** Moves the touched buckets to the output with 1+log(tf) weights, L2-normalised, and clears them. */
    private void flushNormalised() {
        double norm = 0;
        for (int t = 0; t < touchedCount; t++) {
            float tf = dense[touched[t]];
            int count = (int) tf;
            float w = count < SUBLINEAR.length ? SUBLINEAR[count] : (float) (1 + Math.log(tf));
            dense[touched[t]] = w;
            norm += (double) w * w;
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
        ensure(size + touchedCount);
        for (int t = 0; t < touchedCount; t++) {
            int b = touched[t];
            indices[size] = b;
            values[size] = dense[b] * inv;
            size++;
            dense[b] = 0;
        }
        touchedCount = 0;
    }

    private void ensure(int capacity) {
        if (capacity > indices.length) {
            int newLen = Math.max(capacity, indices.length * 2);
            indices = Arrays.copyOf(indices, newLen);
            values = Arrays.copyOf(values, newLen);
        }
    }
}
