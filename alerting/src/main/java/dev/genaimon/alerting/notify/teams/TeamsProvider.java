package dev.genaimon.alerting.notify.teams;

import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.route.ReceiverConfig;

/** {@code msteams_configs: [{webhook_url: ${TEAMS_WEBHOOK_URL}}]} (url is accepted too). */
public final class TeamsProvider implements NotifierProvider {

    @Override
    public String type() {
        return "msteams";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        String url = config.string("webhook_url", config.string("url", null));
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("msteams receiver '" + config.name() + "' needs 'webhook_url'");
        }
        return new TeamsNotifier(context, HttpDelivery.url(type(), config.name(), url));
    }
}
