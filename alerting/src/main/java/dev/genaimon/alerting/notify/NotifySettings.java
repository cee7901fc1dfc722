package dev.genaimon.alerting.notify;

import dev.genaimon.alerting.route.RoutingConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * @param routing         the routing file
 * @param notifiers       one notifier per receiver name
 * @param tick            how often (wall clock) groups are evaluated and due deliveries attempted
 * @param retry           the retry budget
 * @param maxSendsPerTick delivery attempts per tick at most, so a slow receiver cannot hold the stream thread long
 * @param jitter          uniform random numbers in [0, 1) for backoff jitter (tests pass a fixed one)
 * @param externalUrl     genaimon's base URL for links, may be empty
 */
public record NotifySettings(RoutingConfig routing, Map<String, Notifier> notifiers, Duration tick, RetryPolicy retry,
                             int maxSendsPerTick, DoubleSupplier jitter, String externalUrl) {

    public NotifySettings {
        notifiers = Map.copyOf(notifiers);
        for (String receiver : routing.receivers().keySet()) {
            if (!notifiers.containsKey(receiver)) {
                throw new IllegalArgumentException("no notifier for receiver '" + receiver + "'");
            }
        }
        if (maxSendsPerTick < 1) {
            throw new IllegalArgumentException("maxSendsPerTick must be >= 1");
        }
    }

    public static NotifySettings of(RoutingConfig routing, Map<String, Notifier> notifiers) {
        return new NotifySettings(routing, notifiers, Duration.ofSeconds(1), RetryPolicy.defaults(), 20,
                java.util.concurrent.ThreadLocalRandom.current()::nextDouble, "");
    }

    public NotifySettings withRetry(RetryPolicy retry) {
        return new NotifySettings(routing, notifiers, tick, retry, maxSendsPerTick, jitter, externalUrl);
    }

    public NotifySettings withTick(Duration tick) {
        return new NotifySettings(routing, notifiers, tick, retry, maxSendsPerTick, jitter, externalUrl);
    }

    public NotifySettings withJitter(DoubleSupplier jitter) {
        return new NotifySettings(routing, notifiers, tick, retry, maxSendsPerTick, jitter, externalUrl);
    }

    public NotifySettings withExternalUrl(String externalUrl) {
        return new NotifySettings(routing, notifiers, tick, retry, maxSendsPerTick, jitter, externalUrl);
    }

    public NotifySettings withMaxSendsPerTick(int maxSendsPerTick) {
        return new NotifySettings(routing, notifiers, tick, retry, maxSendsPerTick, jitter, externalUrl);
    }
}
