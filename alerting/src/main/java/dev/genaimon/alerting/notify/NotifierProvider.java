package dev.genaimon.alerting.notify;

import dev.genaimon.alerting.route.ReceiverConfig;

/**
 * Creates the notifier of one channel type; discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.genaimon.alerting.notify.NotifierProvider}).
 */
public interface NotifierProvider {

    /** The channel type, the {@code <type>_configs} key of a receiver: webhook, slack, msteams, ... */
    String type();

    /** @throws IllegalArgumentException when a setting is missing or invalid, with the reason */
    Notifier create(ReceiverConfig config, NotifierContext context);
}
