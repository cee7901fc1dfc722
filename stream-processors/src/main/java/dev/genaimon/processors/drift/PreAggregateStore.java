package dev.genaimon.processors.drift;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The commit hook of {@link PreAggregator}: an in-memory, unlogged "store" that holds nothing itself but tells the
 * pre-aggregator when Kafka Streams is about to commit the task.
 *
 * <p>Why a store: Kafka Streams has no public pre-commit callback for processors. Before it commits a task (at every
 * {@code commit.interval.ms}, and before a clean suspend or close on rebalance and shutdown) it flushes the task's
 * caches ({@code ProcessorStateManager.flushCache}, the step that makes the DSL's record caches forward their pending
 * updates), then flushes the producer, then commits the input offsets in the same transaction (exactly_once_v2). A
 * store implementing {@link CachedStateStore} is flushed in that step, so whatever the pre-aggregator forwards there is
 * written in the same transaction as the offsets of the records it summarises. When a task is closed dirty (crash,
 * fenced producer) its transaction is aborted and the records are read again from the last committed offset; the
 * stores are closed then, which empties the pre-aggregator's buffer, so they are not counted twice. ({@link #clearCache()}
 * is only called when a committed task is recycled into a standby; the buffer is empty then.) {@code CachedStateStore} is an internal interface of Kafka Streams (4.3.1), used here
 * deliberately; {@code DriftPreAggregationTest} (commits call the hook) and deploy's {@code DriftRestartIT} (a window
 * spanning a stop and restart counts every interaction once) pin the behaviour, so an upgrade that changes it fails
 * the build instead of losing data.
 */
final class PreAggregateStore implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private Runnable onFlush = () -> { };
    private Runnable onClear = () -> { };
    private boolean open;
    private boolean hooked;
    private long flushes;

    PreAggregateStore(String name) {
        this.name = name;
    }

    /** Called by the pre-aggregator's init: what to do before a commit and after a dirty close. */
    void hooks(Runnable flush, Runnable clear) {
        this.onFlush = flush;
        this.onClear = clear;
        this.hooked = true;
    }

    /** Whether a pre-aggregator buffers rows behind this hook (false: it forwards each row at once). */
    boolean hooked() {
        return hooked;
    }

    /** How many pre-commit flushes Kafka Streams has requested so far. */
    long flushes() {
        return flushes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> { }); // nothing to restore: the buffer never outlives a commit
        open = true;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flushCache() {
        flushes++;
        onFlush.run();
    }

    @Override
    public void clearCache() {
        onClear.run();
    }

    @Override
    public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {
        // post-commit: nothing left, flushCache ran before the commit
    }

    /**
     * Kafka Streams closes a task's stores after its last commit (clean: the buffer is already empty) and on a dirty
     * close (crash, corruption), after which a revived task reuses the same processor instance: dropping the buffer
     * here keeps rows of the aborted transaction from being counted twice when they are read again.
     */
    @Override
    public void close() {
        open = false;
        onClear.run();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Builder for {@code builder.addStateStore}; logging and caching do not apply. */
    static StoreBuilder<PreAggregateStore> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<PreAggregateStore> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<PreAggregateStore> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<PreAggregateStore> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<PreAggregateStore> withLoggingDisabled() {
                return this;
            }

            @Override
            public PreAggregateStore build() {
                return new PreAggregateStore(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
