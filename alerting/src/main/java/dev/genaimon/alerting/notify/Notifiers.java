package dev.genaimon.alerting.notify;

import dev.genaimon.alerting.route.ReceiverConfig;
import dev.genaimon.alerting.route.RoutingConfig;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The channel types found with ServiceLoader, and the notifiers of a routing configuration. */
public final class Notifiers {

    private final Map<String, NotifierProvider> providers = new TreeMap<>();

    private Notifiers() {
    }

    public static Notifiers load() {
        Notifiers notifiers = new Notifiers();
        for (NotifierProvider provider : ServiceLoader.load(NotifierProvider.class, Notifiers.class.getClassLoader())) {
            notifiers.providers.put(provider.type(), provider);
        }
        return notifiers;
    }

    public Set<String> types() {
        return providers.keySet();
    }

    /** @throws IllegalArgumentException for an unknown type or invalid settings */
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        NotifierProvider provider = providers.get(config.type());
        if (provider == null) {
            throw new IllegalArgumentException("unknown receiver type '" + config.type() + "' (known: " + types()
                    + ")");
        }
        return provider.create(config, context);
    }

    /** One notifier per receiver name. */
    public Map<String, Notifier> createAll(RoutingConfig routing, NotifierContext context) {
        Map<String, Notifier> byReceiver = new TreeMap<>();
        routing.receivers().forEach((name, config) -> byReceiver.put(name, create(config, context)));
        return byReceiver;
    }
}
