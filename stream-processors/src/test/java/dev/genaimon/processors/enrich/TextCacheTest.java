package dev.genaimon.processors.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TextCacheTest {

    @Test
    void shouldComputeEachTextOnceAndEvictTheLeastRecentlyUsed() {
        TextCache<Integer> cache = new TextCache<>(2);
        AtomicInteger calls = new AtomicInteger();
        assertThat(cache.computeIfAbsent("a", t -> calls.incrementAndGet())).isEqualTo(1);
        assertThat(cache.computeIfAbsent(new String("a"), t -> calls.incrementAndGet())).isEqualTo(1);
        cache.computeIfAbsent("b", t -> calls.incrementAndGet());
        cache.computeIfAbsent("a", t -> calls.incrementAndGet()); // a is now the most recent
        cache.computeIfAbsent("c", t -> calls.incrementAndGet()); // evicts b
        assertThat(cache.size()).isEqualTo(2);
        assertThat(calls).hasValue(3);
        assertThat(cache.computeIfAbsent("b", t -> calls.incrementAndGet())).isEqualTo(4); // evicts a
        assertThat(cache.computeIfAbsent("c", t -> -1)).isEqualTo(3);
        assertThat(cache.computeIfAbsent("a", t -> calls.incrementAndGet())).isEqualTo(5);
        assertThat(cache.hits()).isEqualTo(3);
        assertThat(cache.misses()).isEqualTo(5);
    }

    @Test
    void shouldNotKeepVeryLongTexts() {
        TextCache<Integer> cache = new TextCache<>(4);
        String longText = "x".repeat(TextCache.MAX_CHARS + 1);
        AtomicInteger calls = new AtomicInteger();
        cache.computeIfAbsent(longText, t -> calls.incrementAndGet());
        cache.computeIfAbsent(longText, t -> calls.incrementAndGet());
        assertThat(calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }
}
