package dev.genaimon.app.query;

import dev.genaimon.schemas.avro.DeadLetter;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Dead letters: a count per (stage, reason) and the newest few without their payload (it may hold user text). */
final class DeadLetterViewProcessor implements Processor<String, DeadLetter, Void, Void> {

    private final ViewSettings settings;
    private final ViewObserver observer;
    private KeyValueStore<String, Long> counts;
    private KeyValueStore<String, DeadLetter> recent;
    private long recentSize;

    DeadLetterViewProcessor(ViewSettings settings, ViewObserver observer) {
        this.settings = settings;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        counts = context.getStateStore(ViewStores.DLQ_COUNTS);
        recent = context.getStateStore(ViewStores.DLQ_RECENT);
        try (KeyValueIterator<String, DeadLetter> all = recent.all()) {
            while (all.hasNext()) {
                all.next();
                recentSize++;
            }
        }
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter letter = record.value();
        if (letter == null) {
            return;
        }
        String countKey = ViewStores.dlqCountKey(letter.getStage(), letter.getReason());
        Long count = counts.get(countKey);
        counts.put(countKey, count == null ? 1L : count + 1);

        DeadLetter kept = DeadLetter.newBuilder(letter).setPayload(null).build();
        String key = String.format("%016d", Math.max(0, letter.getAt().toEpochMilli())) + ViewStores.SEP + letter.getDeadLetterId();
        if (recent.get(key) == null) {
            recentSize++;
        }
        recent.put(key, kept);
        while (recentSize > settings.dlqRecent()) {
            try (KeyValueIterator<String, DeadLetter> oldest = recent.all()) {
                if (!oldest.hasNext()) {
                    recentSize = 0;
                    break;
                }
                KeyValue<String, DeadLetter> first = oldest.next();
                recent.delete(first.key);
                recentSize--;
            }
        }
        observer.deadLetter(letter);
    }
}
