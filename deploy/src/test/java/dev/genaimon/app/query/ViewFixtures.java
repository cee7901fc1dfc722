package dev.genaimon.app.query;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test records for the view stage. */
public final class ViewFixtures {

    private ViewFixtures() {
    }

    public static Segment segment(String id) {
        String[] parts = id.split("/");
        return new Segment(id, Map.of("tenant", parts[0], "app", parts.length > 1 ? parts[1] : "*"));
    }

    public static Signal signal(String segmentId, String name, Instant windowStart, double value) {
        return signal(segmentId, name, Map.of(), windowStart, value);
    }

    public static Signal signal(String segmentId, String name, Map<String, String> labels, Instant windowStart,
                                double value) {
        return Signal.newBuilder().setSegment(segment(segmentId)).setName(name).setWindowStart(windowStart)
                .setWindowEnd(windowStart.plusSeconds(60)).setValue(value).setSampleCount(10).setLabels(labels)
                .setEmittedAt(windowStart.plusSeconds(61)).build();
    }

    public static AlertEvent alert(String fingerprint, String status, String segmentId, Instant at) {
        return AlertEvent.newBuilder().setFingerprint(fingerprint).setRule("high-latency").setStatus(status)
                .setSeverity("critical").setLabels(Map.of("segment", segmentId))
                .setAnnotations(Map.of("summary", "p95 latency above 2000 ms"))
                .setStartsAt(at).setEndsAt("resolved".equals(status) ? at : null).setValue(2500.0)
                .setSegment(segment(segmentId))
                .setEvidence(Evidence.newBuilder().setSignals(List.of(segmentId + "/ops.latency.p95_ms@" + at))
                        .setInteractionIds(List.of("i-1", "i-2")).build())
                .setTransitionAt(at).build();
    }

    public static DeadLetter deadLetter(String id, String stage, String reason, Instant at) {
        return DeadLetter.newBuilder().setDeadLetterId(id).setStage(stage).setReason(reason)
                .setMessage("bad bytes").setPayload(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})).setAt(at).build();
    }
}
