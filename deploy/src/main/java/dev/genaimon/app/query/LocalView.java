package dev.genaimon.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.SegmentIndexEntry;
import dev.genaimon.schemas.avro.SeriesPoint;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.SignalView;
import dev.genaimon.schemas.json.AvroJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's part of the view stores and renders JSON. The stores come from a function so that tests can
 * pass TopologyTestDriver stores and the runtime the queryable stores of its KafkaStreams.
 */
final class LocalView {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Function<String, ReadOnlyKeyValueStore<String, ?>> stores;

    LocalView(Function<String, ReadOnlyKeyValueStore<String, ?>> stores) {
        this.stores = stores;
    }

    @SuppressWarnings("unchecked")
    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return (ReadOnlyKeyValueStore<String, V>) stores.apply(name);
    }

    /** Matching segments sorted by id: the total and the first {@code upTo}. */
    ObjectNode segments(String query, int upTo) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<SegmentIndexEntry> matches = new ArrayList<>();
        long total = 0;
        ReadOnlyKeyValueStore<String, SegmentIndexEntry> store = store(ViewStores.SEGMENTS);
        try (KeyValueIterator<String, SegmentIndexEntry> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, SegmentIndexEntry> next = all.next();
                if (q.isEmpty() || matchesQuery(next.value, q)) {
                    total++;
                    matches.add(next.value);
                }
            }
        }
        matches.sort(Comparator.comparing(e -> e.getSegment().getId()));
        ObjectNode out = NODES.objectNode().put("total", total);
        ArrayNode items = out.putArray("items");
        matches.stream().limit(upTo).forEach(e -> items.add(AvroJson.toJson(e)));
        return out;
    }

    private static boolean matchesQuery(SegmentIndexEntry entry, String q) {
        if (entry.getSegment().getId().toLowerCase(Locale.ROOT).contains(q)) {
            return true;
        }
        return entry.getSegment().getLabels().values().stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(q));
    }

    /** Every series of the segment; null when the segment has none here. */
    List<SignalView> signalViews(String segmentId) {
        ReadOnlyKeyValueStore<String, SignalView> store = store(ViewStores.SIGNALS);
        List<SignalView> views = new ArrayList<>();
        try (KeyValueIterator<String, SignalView> it = store.prefixScan(ViewStores.segmentPrefix(segmentId),
                Serdes.String().serializer())) {
            while (it.hasNext()) {
                views.add(it.next().value);
            }
        }
        return views;
    }

    ObjectNode signals(String segmentId, String namePrefix) {
        ObjectNode out = NODES.objectNode().put("segment", segmentId);
        ArrayNode list = out.putArray("signals");
        for (SignalView view : signalViews(segmentId)) {
            Signal latest = view.getLatest();
            if (namePrefix == null || latest.getName().startsWith(namePrefix)) {
                ObjectNode node = AvroJson.toJson(latest);
                node.remove("segment");
                node.put("series", ViewStores.seriesName(latest));
                list.add(node);
            }
        }
        if (list.isEmpty() && !exists(segmentId)) {
            out.put("found", false);
        }
        return out;
    }

    /** The series of a signal name (every label set), or of one series name {@code name{k=v}}. */
    ObjectNode series(String segmentId, String name) {
        ObjectNode out = NODES.objectNode().put("segment", segmentId).put("signal", name);
        ArrayNode list = out.putArray("series");
        for (SignalView view : signalViews(segmentId)) {
            String series = ViewStores.seriesName(view.getLatest());
            if (series.equals(name) || view.getLatest().getName().equals(name)) {
                ObjectNode node = list.addObject().put("series", series);
                node.set("labels", AvroJson.toJson(view.getLatest()).get("labels"));
                ArrayNode points = node.putArray("points");
                for (SeriesPoint p : view.getPoints()) {
                    points.add(AvroJson.toJson(p));
                }
            }
        }
        return out;
    }

    boolean exists(String segmentId) {
        ReadOnlyKeyValueStore<String, SegmentIndexEntry> store = store(ViewStores.SEGMENTS);
        return store.get(segmentId) != null;
    }

    JsonNode drift(String segmentId) {
        ReadOnlyKeyValueStore<String, DriftReport> store = store(ViewStores.DRIFT);
        DriftReport report = store.get(segmentId);
        ObjectNode out = NODES.objectNode().put("segment", segmentId);
        if (report == null) {
            out.putNull("report");
        } else {
            out.set("report", AvroJson.toJson(report));
        }
        return out;
    }

    ArrayNode alerts(String state) {
        ReadOnlyKeyValueStore<String, AlertEvent> store = store(ViewStores.ALERTS);
        ArrayNode out = NODES.arrayNode();
        try (KeyValueIterator<String, AlertEvent> all = store.all()) {
            while (all.hasNext()) {
                AlertEvent alert = all.next().value;
                if (state == null || state.isBlank() || state.equalsIgnoreCase(alert.getStatus())) {
                    out.add(AvroJson.toJson(alert));
                }
            }
        }
        return out;
    }

    /** Alerts here by status (firing, resolved). */
    java.util.Map<String, Long> alertCounts() {
        ReadOnlyKeyValueStore<String, AlertEvent> store = store(ViewStores.ALERTS);
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (KeyValueIterator<String, AlertEvent> all = store.all()) {
            while (all.hasNext()) {
                counts.merge(all.next().value.getStatus(), 1L, Long::sum);
            }
        }
        return counts;
    }

    ArrayNode baselines() {
        ReadOnlyKeyValueStore<String, BaselineProfile> store = store(ViewStores.BASELINES);
        ArrayNode out = NODES.arrayNode();
        try (KeyValueIterator<String, BaselineProfile> all = store.all()) {
            while (all.hasNext()) {
                ObjectNode node = AvroJson.toJson(all.next().value);
                for (JsonNode feature : node.path("features")) {
                    ((ObjectNode) feature).remove("sketch");
                }
                if (node.path("embeddings").isObject()) {
                    ((ObjectNode) node.get("embeddings")).remove("vectors");
                }
                out.add(node);
            }
        }
        return out;
    }

    ObjectNode deadLetters() {
        ObjectNode out = NODES.objectNode();
        ArrayNode counts = out.putArray("counts");
        ReadOnlyKeyValueStore<String, Long> countStore = store(ViewStores.DLQ_COUNTS);
        try (KeyValueIterator<String, Long> all = countStore.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> next = all.next();
                int sep = next.key.indexOf(ViewStores.SEP);
                counts.addObject().put("stage", next.key.substring(0, sep))
                        .put("reason", next.key.substring(sep + 1)).put("count", next.value);
            }
        }
        ArrayNode recent = out.putArray("recent");
        ReadOnlyKeyValueStore<String, DeadLetter> recentStore = store(ViewStores.DLQ_RECENT);
        try (KeyValueIterator<String, DeadLetter> all = recentStore.reverseAll()) {
            while (all.hasNext()) {
                ObjectNode node = AvroJson.toJson(all.next().value);
                node.remove("payload");
                recent.add(node);
            }
        }
        return out;
    }
}
