package dev.genaimon.alerting.notify;

import dev.genaimon.alerting.route.ReceiverConfig;
import dev.genaimon.schemas.avro.AlertEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Notifications and notifiers for channel tests. */
final class Notifications {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private Notifications() {
    }

    static NotifierContext context(Duration timeout) {
        return NotifierContext.create(timeout, "http://genaimon.test", CLOCK);
    }

    static Notifier notifier(String type, Map<String, Object> settings) {
        return Notifiers.load().create(new ReceiverConfig("r1", type, settings, true), context(Duration.ofSeconds(5)));
    }

    static AlertEvent critical() {
        return Alerts.firing("error_rate", "critical", Map.of("tenant", "acme", "app", "bot"), T0);
    }

    static Notification firing(AlertEvent... alerts) {
        return new Notification("r1", "0:{alertname=\"error_rate\"}", "key-1-abcdef0123456789", 1,
                Map.of("alertname", "error_rate"), List.of(alerts), T0, "http://genaimon.test");
    }

    static Notification resolved(AlertEvent alert) {
        return new Notification("r1", "0:{alertname=\"error_rate\"}", "key-2-abcdef0123456789", 2,
                Map.of("alertname", "error_rate"), List.of(Alerts.resolved(alert, T0.plusSeconds(600))), T0,
                "http://genaimon.test");
    }
}
