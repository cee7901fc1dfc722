package dev.genaimon.app.metrics;

import dev.genaimon.app.query.ViewStores;
import dev.genaimon.schemas.avro.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current value of every signal as a Prometheus gauge {@code genaimon_signal_value{segment, signal, labels}},
 * with a hard cap on the number of series: one series per (segment, signal name, label set) up to {@code cap}; updates
 * of series beyond the cap are counted in {@code genaimon_signal_series_dropped_total} instead. The cap protects
 * Prometheus from thousands of segments × dozens of signals; the query API and dashboard have no cap.
 */
public final class SignalGauges {

    static final String VALUE = "genaimon.signal.value";
    static final String DROPPED = "genaimon.signal.series.dropped";
    static final String SERIES = "genaimon.signal.series";

    private final MeterRegistry registry;
    private final int cap;
    private final Map<String, AtomicLong> series = new ConcurrentHashMap<>();
    private final Counter dropped;

    public SignalGauges(MeterRegistry registry, int cap) {
        this.registry = registry;
        this.cap = cap;
        this.dropped = Counter.builder(DROPPED)
                .description("Signal updates not exported as gauges because genaimon_signal_value reached its"
                        + " series cap (metrics.signal-series-cap)")
                .register(registry);
        Gauge.builder(SERIES, series, Map::size).description("Series of genaimon_signal_value currently exported")
                .register(registry);
    }

    public void update(Signal signal) {
        String segment = signal.getSegment().getId();
        String labels = labels(signal);
        String key = segment + '\u001f' + signal.getName() + '\u001f' + labels;
        AtomicLong bits = series.get(key);
        if (bits == null) {
            synchronized (this) {
                bits = series.get(key);
                if (bits == null) {
                    if (series.size() >= cap) {
                        dropped.increment();
                        return;
                    }
                    AtomicLong created = new AtomicLong(Double.doubleToLongBits(signal.getValue()));
                    Gauge.builder(VALUE, created, b -> Double.longBitsToDouble(b.get()))
                            .description("Latest value of a genaimon signal (see docs/metrics-signals.md)")
                            .tag("segment", segment).tag("signal", signal.getName()).tag("labels", labels)
                            .register(registry);
                    series.put(key, created);
                    return;
                }
            }
        }
        bits.set(Double.doubleToLongBits(signal.getValue()));
    }

    int size() {
        return series.size();
    }

    /** The signal's extra labels as one label value, {@code k=v,k=v} sorted; empty when none. */
    private static String labels(Signal signal) {
        String name = ViewStores.seriesName(signal);
        int brace = name.indexOf('{');
        return brace < 0 ? "" : name.substring(brace + 1, name.length() - 1);
    }
}
