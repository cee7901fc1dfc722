package dev.genaimon.alerting.notify.slack;

import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.route.ReceiverConfig;

/** {@code slack_configs: [{api_url: ${SLACK_WEBHOOK_URL}, channel: '#alerts'}]} (url is accepted for api_url). */
public final class SlackProvider implements NotifierProvider {

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        String url = config.string("api_url", config.string("url", null));
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("slack receiver '" + config.name()
                    + "' needs 'api_url' (the incoming-webhook URL)");
        }
        return new SlackNotifier(context, HttpDelivery.url(type(), config.name(), url),
                config.string("channel", null));
    }
}
