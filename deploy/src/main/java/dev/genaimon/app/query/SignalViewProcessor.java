package dev.genaimon.app.query;

import dev.genaimon.schemas.avro.SegmentIndexEntry;
import dev.genaimon.schemas.avro.SeriesPoint;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.SignalView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Signals keyed by segment id: updates the (segment, series) view — latest signal and a ring of recent windows, one
 * point per window (a re-emitted window replaces its point) — and the segment index.
 */
final class SignalViewProcessor implements Processor<String, byte[], Void, Void> {

    private final ViewSettings settings;
    private final ViewObserver observer;
    private final Deserializer<Signal> deserializer;
    private final String topic;
    private KeyValueStore<String, SignalView> signals;
    private KeyValueStore<String, SegmentIndexEntry> segments;

    SignalViewProcessor(ViewSettings settings, ViewObserver observer, Deserializer<Signal> deserializer,
                        String topic) {
        this.settings = settings;
        this.observer = observer;
        this.deserializer = deserializer;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        signals = context.getStateStore(ViewStores.SIGNALS);
        segments = context.getStateStore(ViewStores.SEGMENTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Signal signal = record.value() == null ? null : deserializer.deserialize(topic, record.value());
        if (signal == null || signal.getSegment() == null) {
            return;
        }
        String segmentId = signal.getSegment().getId();
        if (!segmentId.equals(record.key())) {
            // the upstream key was not <segment>/<name>: the query API would look for this segment elsewhere
            throw new IllegalArgumentException("signal " + signal.getName() + " of segment " + segmentId
                    + " was keyed as segment " + record.key()
                    + " (the key of genaimon.signals.v1 must be <segmentId>/<signalName>)");
        }
        String key = ViewStores.signalKey(segmentId, ViewStores.seriesName(signal));
        SignalView view = signals.get(key);
        SignalView next = update(view, signal, settings.seriesPoints());
        if (!next.equals(view)) { // a replayed window that changes nothing is not written again
            signals.put(key, next);
        }
        index(segmentId, signal);
        observer.signal(signal);
    }

    static SignalView update(SignalView view, Signal signal, int maxPoints) {
        List<SeriesPoint> points = view == null ? new ArrayList<>() : new ArrayList<>(view.getPoints());
        SeriesPoint point = new SeriesPoint(signal.getWindowStart(), signal.getWindowEnd(), signal.getValue(),
                signal.getSampleCount());
        int at = points.size();
        while (at > 0 && points.get(at - 1).getWindowStart().isAfter(signal.getWindowStart())) {
            at--;
        }
        if (at > 0 && points.get(at - 1).getWindowStart().equals(signal.getWindowStart())) {
            points.set(at - 1, point);
        } else {
            points.add(at, point);
        }
        while (points.size() > maxPoints) {
            points.remove(0);
        }
        Signal latest = view == null || !signal.getWindowStart().isBefore(view.getLatest().getWindowStart())
                ? signal : view.getLatest();
        return new SignalView(latest, points);
    }

    private void index(String segmentId, Signal signal) {
        SegmentIndexEntry entry = segments.get(segmentId);
        if (entry == null) {
            segments.put(segmentId, new SegmentIndexEntry(signal.getSegment(), List.of(signal.getName()),
                    signal.getEmittedAt()));
            return;
        }
        boolean known = entry.getSignalNames().contains(signal.getName());
        boolean room = entry.getSignalNames().size() < settings.maxSignalsPerSegment();
        if ((known || !room) && !entry.getLastSignalAt().isBefore(signal.getEmittedAt())) {
            return;
        }
        TreeSet<String> names = new TreeSet<>(entry.getSignalNames());
        if (room) {
            names.add(signal.getName());
        }
        segments.put(segmentId, new SegmentIndexEntry(signal.getSegment(), new ArrayList<>(names),
                entry.getLastSignalAt().isAfter(signal.getEmittedAt()) ? entry.getLastSignalAt() : signal.getEmittedAt()));
    }
}
