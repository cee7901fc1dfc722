package dev.genaimon.app.query;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.Signal;

/**
 * What the view stage tells the process about the records it reads, for Prometheus metrics. Called on stream
 * threads: implementations must be quick and thread-safe. Counts are at-least-once (a retried task counts again).
 */
public interface ViewObserver {

    ViewObserver NONE = new ViewObserver() {
    };

    default void signal(Signal signal) {
    }

    default void alert(AlertEvent alert) {
    }

    default void deadLetter(DeadLetter deadLetter) {
    }

    default void safetyFlags(SafetyFlags flags) {
    }
}
