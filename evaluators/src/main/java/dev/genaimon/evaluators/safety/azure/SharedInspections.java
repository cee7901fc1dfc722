package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.safety.azure.ContentSafetyDetector.Inspection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One inspection per interaction for all Content Safety evaluators: the worker asks each evaluator in turn (or at
 * once, on several threads) for the same batch, and only the first one pays for requests; the others wait for or
 * read the result kept here (a bounded LRU keyed by id and content). An OK result is kept until evicted; a SKIPPED
 * or UNAVAILABLE one only for {@link #RETRY_FAILED_AFTER}, so the sibling evaluators of the same batch share it but
 * a later redelivery of the interaction asks the service again.
 */
final class SharedInspections {

    static final Duration RETRY_FAILED_AFTER = Duration.ofSeconds(10);

    private final ContentSafetyDetector detector;
    private final Clock clock;
    private final int capacity;
    private final Map<Key, Entry> entries;

    SharedInspections(ContentSafetyDetector detector, Clock clock, int capacity) {
        this.detector = detector;
        this.clock = clock;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > SharedInspections.this.capacity;
            }
        };
    }

    /** Results for {@code inputs}, in order; inspects only what no earlier or concurrent call has. */
    List<ContentSafetyResult> inspect(List<EvaluationInput> inputs) {
        Map<Key, Entry> mine = new LinkedHashMap<>();
        Map<Key, Entry> toRun = new LinkedHashMap<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (EvaluationInput input : inputs) {
                Key key = Key.of(input);
                if (mine.containsKey(key)) {
                    continue;
                }
                Entry entry = entries.get(key);
                if (entry == null || entry.stale(now)) {
                    entry = new Entry();
                    entries.put(key, entry);
                    toRun.put(key, entry);
                }
                mine.put(key, entry);
            }
        }
        if (!toRun.isEmpty()) {
            List<Key> keys = new ArrayList<>(toRun.keySet());
            List<ContentSafetyResult> fresh;
            try {
                fresh = detector.inspectAll(keys.stream()
                        .map(k -> new Inspection(k.prompt(), k.response(), k.documents())).toList());
            } catch (RuntimeException e) {
                ContentSafetyResult failed = ContentSafetyResult.unavailable("content safety failed: " + e);
                fresh = keys.stream().map(k -> failed).toList();
            }
            Instant done = clock.instant();
            for (int i = 0; i < keys.size(); i++) {
                toRun.get(keys.get(i)).complete(fresh.get(i), done);
            }
        }
        List<ContentSafetyResult> out = new ArrayList<>(inputs.size());
        for (EvaluationInput input : inputs) {
            out.add(mine.get(Key.of(input)).future.join());
        }
        return out;
    }

    private static final class Entry {
        final CompletableFuture<ContentSafetyResult> future = new CompletableFuture<>();
        volatile Instant completedAt;

        void complete(ContentSafetyResult result, Instant at) {
            completedAt = at;
            future.complete(result);
        }

        boolean stale(Instant now) {
            return future.isDone() && !future.join().ok()
                    && completedAt.plus(RETRY_FAILED_AFTER).isBefore(now);
        }
    }

    private record Key(String id, String prompt, String response, List<String> documents) {
        static Key of(EvaluationInput input) {
            return new Key(input.id(), input.question(), input.answer(), input.context());
        }
    }
}
