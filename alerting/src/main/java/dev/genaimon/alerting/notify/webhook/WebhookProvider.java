package dev.genaimon.alerting.notify.webhook;

import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.route.ReceiverConfig;

/** {@code webhook_configs: [{url: ..., hmac_secret: ${WEBHOOK_SECRET}}]}. */
public final class WebhookProvider implements NotifierProvider {

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        return new WebhookNotifier(context, HttpDelivery.url(type(), config.name(), config.required("url")),
                config.string("hmac_secret", null));
    }
}
