package dev.genaimon.alerting.notify.pagerduty;

import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.route.ReceiverConfig;

/** {@code pagerduty_configs: [{routing_key: ${PD_ROUTING_KEY}, url: https://.../v2/enqueue}]}. */
public final class PagerDutyProvider implements NotifierProvider {

    static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        String routingKey = config.required("routing_key");
        if (routingKey.length() != 32) {
            throw new IllegalArgumentException("pagerduty receiver '" + config.name()
                    + "': routing_key must be the 32-character integration key, got " + routingKey.length()
                    + " characters");
        }
        return new PagerDutyNotifier(context,
                HttpDelivery.url(type(), config.name(), config.string("url", DEFAULT_URL)), routingKey);
    }
}
