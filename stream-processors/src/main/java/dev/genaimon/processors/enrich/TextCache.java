package dev.genaimon.processors.enrich;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used map from text to a detector's result, for one thread (not thread-safe). Texts longer
 * than {@link #MAX_CHARS} are computed but not kept, so the cache holds at most about
 * {@code entries * MAX_CHARS * 2} bytes of keys.
 */
final class TextCache<V> {

    static final int DEFAULT_ENTRIES = 128;
    static final int MAX_CHARS = 16_384;

    private final LinkedHashMap<String, V> map;
    private long hits;
    private long misses;

    TextCache(int entries) {
        this.map = new LinkedHashMap<>(entries * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > entries;
            }
        };
    }

    V computeIfAbsent(String text, Function<String, V> compute) {
        if (text.length() > MAX_CHARS) {
            misses++;
            return compute.apply(text);
        }
        V value = map.get(text);
        if (value != null) {
            hits++;
            return value;
        }
        misses++;
        value = compute.apply(text);
        map.put(text, value);
        return value;
    }

    int size() {
        return map.size();
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
