package dev.genaimon.alerting.notify;

/**
 * Sends one notification to one receiver. Implementations must not block longer than their configured timeout: they
 * run on the notifier's stream thread. They never throw for a delivery problem; they say what happened.
 */
@FunctionalInterface
public interface Notifier {

    Delivery deliver(Notification notification);
}
