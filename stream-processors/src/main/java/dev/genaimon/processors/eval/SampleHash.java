package dev.genaimon.processors.eval;

import java.nio.charset.StandardCharsets;

/**
 * The sampler's coin: a number in [0, 1) that is a pure function of the interaction id (FNV-1a 64 over the UTF-8
 * bytes, then the SplitMix64 finalizer so that similar ids spread evenly). The same id gets the same number on every
 * instance, replay and restart, so sampling is reproducible and a higher rate samples a superset of a lower one. It
 * does not reuse Kafka's partitioner hash (murmur2): a coin correlated with the partition would sample partitions
 * unevenly.
 */
public final class SampleHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SampleHash() {
    }

    /** Uniform in [0, 1) over ids. */
    public static double unit(String interactionId) {
        long h = FNV_OFFSET;
        for (byte b : interactionId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}
