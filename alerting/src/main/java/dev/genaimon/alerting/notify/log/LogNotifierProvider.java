package dev.genaimon.alerting.notify.log;

import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.notify.Payloads;
import dev.genaimon.alerting.route.ReceiverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log_configs: [{}]}: writes each notification (Alertmanager's webhook JSON) to the log at WARN, logger
 * {@code dev.genaimon.alerting.notify.log}. The out-of-the-box receiver, so {@code genaimon run} needs no setup.
 */
public final class LogNotifierProvider implements NotifierProvider {

    private static final Logger LOG = LoggerFactory.getLogger("dev.genaimon.alerting.notify.log");

    @Override
    public String type() {
        return "log";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        return n -> {
            LOG.warn("{} {}", n.title(), Payloads.text(Payloads.webhook(n)));
            return Delivery.delivered();
        };
    }
}
