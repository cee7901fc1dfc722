package dev.genaimon.processors.enrich;

import dev.genaimon.evaluators.safety.pii.RedactionMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the enrich stage (configuration keys under {@code enrich.}).
 *
 * @param redaction             PII type to mask / hash / keep; types not listed use {@code defaultRedaction}
 * @param defaultRedaction      what happens to PII types not listed (mask by default)
 * @param redactionSalt         salt of the hash mode
 * @param attackThreshold       prompt-attack verdict threshold in [0, 1]
 * @param metadataOnlyTenants   tenants with {@code capture.content: false}: text is removed after analysis
 * @param prices                model (deployment or model name, lower case) to price; unknown models cost 0
 * @param signalWindow          tumbling window of the safety-rate signals
 * @param grace                 how late a record may arrive and still count in its window
 * @param signalMinSamples      a window with fewer interactions publishes no safety-rate signals
 *                              ({@code signals.min-samples}, default 1: every window)
 */
public record EnrichSettings(Map<String, RedactionMode> redaction, RedactionMode defaultRedaction, String redactionSalt,
                             double attackThreshold, Set<String> metadataOnlyTenants, Map<String, ModelPrice> prices,
                             Duration signalWindow, Duration grace, long signalMinSamples) {

    /** List prices (USD per million tokens) of common models at the time of writing; override in configuration. */
    public static final Map<String, ModelPrice> DEFAULT_PRICES = Map.of(
            "gpt-4o", new ModelPrice(2.50, 10.00),
            "gpt-4o-mini", new ModelPrice(0.15, 0.60),
            "gpt-4.1", new ModelPrice(2.00, 8.00),
            "gpt-4.1-mini", new ModelPrice(0.40, 1.60),
            "gpt-4-turbo", new ModelPrice(10.00, 30.00),
            "gpt-3.5-turbo", new ModelPrice(0.50, 1.50),
            "claude-sonnet-4", new ModelPrice(3.00, 15.00),
            "claude-3-5-haiku", new ModelPrice(0.80, 4.00));

    public EnrichSettings {
        redaction = Map.copyOf(redaction);
        metadataOnlyTenants = Set.copyOf(metadataOnlyTenants);
        prices = Map.copyOf(prices);
        if (attackThreshold < 0 || attackThreshold > 1) {
            throw new IllegalArgumentException("enrich.attack-threshold must be in [0, 1], got " + attackThreshold);
        }
        if (signalWindow.isNegative() || signalWindow.isZero()) {
            throw new IllegalArgumentException("enrich.signal-window must be positive");
        }
        if (signalMinSamples < 1) {
            throw new IllegalArgumentException("signals.min-samples must be >= 1, got " + signalMinSamples);
        }
    }

    /** Every window publishes its safety-rate signals. */
    public EnrichSettings(Map<String, RedactionMode> redaction, RedactionMode defaultRedaction, String redactionSalt,
                          double attackThreshold, Set<String> metadataOnlyTenants, Map<String, ModelPrice> prices,
                          Duration signalWindow, Duration grace) {
        this(redaction, defaultRedaction, redactionSalt, attackThreshold, metadataOnlyTenants, prices, signalWindow,
                grace, 1);
    }

    public static EnrichSettings defaults() {
        return new EnrichSettings(Map.of(), RedactionMode.MASK, "genaimon", 0.5, Set.of(), DEFAULT_PRICES,
                Duration.ofMinutes(1), Duration.ofSeconds(30));
    }

    public EnrichSettings withMetadataOnlyTenants(Set<String> tenants) {
        return new EnrichSettings(redaction, defaultRedaction, redactionSalt, attackThreshold, tenants, prices,
                signalWindow, grace, signalMinSamples);
    }

    public EnrichSettings withWindow(Duration window, Duration newGrace) {
        return new EnrichSettings(redaction, defaultRedaction, redactionSalt, attackThreshold, metadataOnlyTenants,
                prices, window, newGrace, signalMinSamples);
    }

    /** These settings with another {@code signals.min-samples}. */
    public EnrichSettings withSignalMinSamples(long minSamples) {
        return new EnrichSettings(redaction, defaultRedaction, redactionSalt, attackThreshold, metadataOnlyTenants,
                prices, signalWindow, grace, minSamples);
    }

    /** The price of a deployment or model: exact name first, then the longest known prefix (gpt-4o-2024-08-06). */
    ModelPrice priceOf(String deployment, String model) {
        for (String name : new String[] {deployment, model}) {
            if (name == null) {
                continue;
            }
            String key = name.toLowerCase(Locale.ROOT);
            ModelPrice exact = prices.get(key);
            if (exact != null) {
                return exact;
            }
            String best = null;
            for (String known : prices.keySet()) {
                if (key.startsWith(known) && (best == null || known.length() > best.length())) {
                    best = known;
                }
            }
            if (best != null) {
                return prices.get(best);
            }
        }
        return null;
    }
}
