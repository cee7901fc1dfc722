package dev.genaimon.alerting.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Records every attempt and every accepted notification; answers what {@code behaviour} says. */
final class RecordingNotifier implements Notifier {

    final List<Notification> attempts = new CopyOnWriteArrayList<>();
    final List<Notification> delivered = new CopyOnWriteArrayList<>();
    volatile Function<Notification, Delivery> behaviour = n -> Delivery.delivered();

    @Override
    public Delivery deliver(Notification notification) {
        attempts.add(notification);
        Delivery result = behaviour.apply(notification);
        if (result instanceof Delivery.Delivered) {
            delivered.add(notification);
        }
        return result;
    }

    List<String> statuses() {
        List<String> statuses = new ArrayList<>();
        delivered.forEach(n -> statuses.add(n.status()));
        return statuses;
    }
}
