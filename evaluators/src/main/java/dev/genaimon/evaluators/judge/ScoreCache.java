package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded LRU of judge scores keyed by (evaluator name + version, judge model, SHA-256 of the judged text), so a
 * replayed or duplicated interaction is not paid for twice. Only successful scores are cached. The hash covers the
 * question, answer, context and ground truth — not the id or tenant — so identical content is judged once.
 */
final class ScoreCache {

    private final int capacity;
    private final Map<String, EvaluationScore> entries;

    ScoreCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EvaluationScore> eldest) {
                return size() > ScoreCache.this.capacity;
            }
        };
    }

    static String key(String evaluator, String version, String model, EvaluationInput input) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        update(sha, input.question());
        update(sha, input.answer());
        sha.update(Integer.toString(input.context().size()).getBytes(StandardCharsets.UTF_8));
        for (String document : input.context()) {
            update(sha, document);
        }
        update(sha, input.groundTruth() == null ? "\u0000null" : input.groundTruth());
        return evaluator + "@" + version + "|" + model + "|" + HexFormat.of().formatHex(sha.digest());
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently. */
    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
    }

    synchronized EvaluationScore get(String key) {
        return capacity == 0 ? null : entries.get(key);
    }

    synchronized void put(String key, EvaluationScore score) {
        if (capacity > 0) {
            entries.put(key, score);
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
