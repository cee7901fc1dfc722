package dev.genaimon.alerting.notify.alertmanager;

import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.route.ReceiverConfig;

/** {@code alertmanager_configs: [{url: http://alertmanager:9093}]} (the base URL; /api/v2/alerts is appended). */
public final class AlertmanagerProvider implements NotifierProvider {

    @Override
    public String type() {
        return "alertmanager";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        return new AlertmanagerNotifier(context, HttpDelivery.url(type(), config.name(), config.required("url")));
    }
}
