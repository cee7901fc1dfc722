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

    /** The routing used when none is configured: one {@code log} receiver. */
    public static final String DEFAULT_ROUTING = "dev/genaimon/alerting/notify/default-routing.yaml";

    /**
     * Reads and validates a routing file (or the bundled default when {@code file} is null), checking every receiver's
     * settings with its channel.
     *
     * @throws dev.genaimon.alerting.route.RoutingConfigException with file, line and reason of every problem
     */
    public RoutingConfig readRouting(java.nio.file.Path file, java.util.function.Function<String, String> env,
                                     NotifierContext context) {
        java.util.function.Consumer<ReceiverConfig> check = receiver -> create(receiver, context);
        if (file != null) {
            return dev.genaimon.alerting.route.RoutingConfigParser.parse(file, env, types(), check);
        }
        try (java.io.InputStream in = Notifiers.class.getClassLoader().getResourceAsStream(DEFAULT_ROUTING)) {
            String text = new String(java.util.Objects.requireNonNull(in, DEFAULT_ROUTING).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            return dev.genaimon.alerting.route.RoutingConfigParser.parse("classpath:" + DEFAULT_ROUTING, text, env,
                    types(), check);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One notifier per receiver name. */
    public Map<String, Notifier> createAll(RoutingConfig routing, NotifierContext context) {
        Map<String, Notifier> byReceiver = new TreeMap<>();
        routing.receivers().forEach((name, config) -> byReceiver.put(name, create(config, context)));
        return byReceiver;
    }
}
