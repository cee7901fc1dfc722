package dev.genaimon.app.query;

import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the newest value per key (by the record's own time field: records may arrive out of order). */
final class LatestProcessor<K, V> implements Processor<K, V, Void, Void> {

    private final String storeName;
    private final BiFunction<K, V, String> keyOf;
    private final BiPredicate<V, V> newer;
    private final UnaryOperator<V> stored;
    private final Consumer<V> observer;
    private KeyValueStore<String, V> store;

    /**
     * @param newer  (stored, incoming) → whether incoming replaces stored
     * @param stored what to keep of a value
     */
    LatestProcessor(String storeName, BiFunction<K, V, String> keyOf, BiPredicate<V, V> newer,
                    UnaryOperator<V> stored, Consumer<V> observer) {
        this.storeName = storeName;
        this.keyOf = keyOf;
        this.newer = newer;
        this.stored = stored;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        V value = record.value();
        if (value == null) {
            return;
        }
        String key = keyOf.apply(record.key(), value);
        if (key == null) {
            return;
        }
        V previous = store.get(key);
        if (previous == null || newer.test(previous, value)) {
            store.put(key, stored.apply(value));
        }
        observer.accept(value);
    }
}
