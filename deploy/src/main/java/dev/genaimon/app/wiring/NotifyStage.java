package dev.genaimon.app.wiring;

import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.Notifiers;
import dev.genaimon.alerting.notify.NotifySettings;
import dev.genaimon.alerting.notify.RetryPolicy;
import dev.genaimon.alerting.route.RoutingConfig;
import dev.genaimon.alerting.route.RoutingConfigException;
import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notifier stage's settings from configuration: routing file (validated at startup), receivers, retry budget. */
public final class NotifyStage {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyStage.class);

    private NotifyStage() {
    }

    /** @throws ConfigException when the routing file or a retry key is invalid, with file, line and reason */
    public static NotifySettings settings(GenaimonConfig config, Clock clock) {
        String file = config.get(ConfigKeys.NOTIFY_ROUTING_FILE).strip();
        NotifierContext context = NotifierContext.create(config.get(ConfigKeys.NOTIFY_TIMEOUT),
                config.get(ConfigKeys.NOTIFY_EXTERNAL_URL), clock);
        Notifiers notifiers = Notifiers.load();
        RoutingConfig routing;
        RetryPolicy retry;
        try {
            routing = notifiers.readRouting(file.isEmpty() ? null : Path.of(file), System::getenv, context);
            retry = new RetryPolicy(config.get(ConfigKeys.NOTIFY_RETRY_INITIAL),
                    config.get(ConfigKeys.NOTIFY_RETRY_MAX), config.get(ConfigKeys.NOTIFY_RETRY_ATTEMPTS),
                    config.get(ConfigKeys.NOTIFY_RETRY_AGE));
        } catch (RoutingConfigException e) {
            throw new ConfigException(e.problems().stream()
                    .map(p -> ConfigKeys.NOTIFY_ROUTING_FILE.name() + ": " + p).toList());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("notify.retry: " + e.getMessage()));
        }
        LOG.info("notifier: routing {} with receivers {}", file.isEmpty() ? "(bundled: log only)" : file,
                routing.receivers().keySet());
        return NotifySettings.of(routing, notifiers.createAll(routing, context)).withRetry(retry)
                .withTick(config.get(ConfigKeys.NOTIFY_TICK)).withMaxSendsPerTick(config.get(ConfigKeys.NOTIFY_MAX_SENDS))
                .withExternalUrl(config.get(ConfigKeys.NOTIFY_EXTERNAL_URL));
    }
}
