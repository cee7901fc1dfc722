package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.settings.SettingsReader;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Azure AI Content Safety settings, read from flat settings with keys prefixed {@code content-safety.} (the YAML
 * block {@code content-safety:}); see docs/safety.md, "Azure AI Content Safety (optional)". Validated once at
 * startup: a bad value fails with a message naming the key. Off unless {@code content-safety.endpoint} is set.
 *
 * @param endpoint          resource URL, e.g. {@code https://NAME.cognitiveservices.azure.com} (no trailing slash)
 * @param auth              {@code key} (header {@code Ocp-Apim-Subscription-Key}) or {@code entra}
 *                          (DefaultAzureCredential, scope {@code https://cognitiveservices.azure.com/.default})
 * @param apiKey            the key, or {@code null} unless {@code auth = key}
 * @param textAnalysis      call {@code text:analyze} (harm categories)
 * @param promptShields     call {@code text:shieldPrompt} (user prompt and document attacks)
 * @param shieldApiVersion  {@code api-version} of {@code text:shieldPrompt} (not in the SDK; called on its pipeline)
 * @param timeout           per-request connect/response/read timeout
 * @param requestsPerMinute HTTP requests per minute over the whole process (token bucket, refills continuously)
 * @param maxConcurrency    inspections in flight at once (batches in the evaluation worker)
 * @param maxRetries        retries of a request answered 429 with a {@code Retry-After} no longer than
 *                          {@code retryMaxWait} (0 = never retry)
 * @param retryMaxWait      longest {@code Retry-After} waited out; a longer one gives up for now and holds every
 *                          call until it has passed
 * @param breakerFailures   consecutive failed inspections (timeout, 5xx, 429, connection) that open the breaker
 * @param breakerCoolDown   how long the breaker stays open before one probe inspection is let through
 * @param harmThreshold     severity (2, 4 or 6) at or above which a {@code content_safety_<category>} result fails
 */
public record ContentSafetySettings(String endpoint, Auth auth, String apiKey, boolean textAnalysis,
                                    boolean promptShields, String shieldApiVersion, Duration timeout,
                                    int requestsPerMinute, int maxConcurrency, int maxRetries, Duration retryMaxWait,
                                    int breakerFailures, Duration breakerCoolDown, int harmThreshold) {

    /** How requests authenticate. */
    public enum Auth { KEY, ENTRA }

    public static final String PREFIX = "content-safety.";

    /** The Prompt Shields GA version (the SDK's 1.0.0 has no Prompt Shields method). */
    public static final String DEFAULT_SHIELD_API_VERSION = "2024-09-01";

    public ContentSafetySettings {
        if (auth == Auth.KEY && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("content-safety.auth=key needs content-safety.api-key or "
                    + "content-safety.api-key-env");
        }
        if (!textAnalysis && !promptShields) {
            throw new IllegalArgumentException("content-safety: text-analysis and prompt-shields are both off");
        }
        if (harmThreshold != 2 && harmThreshold != 4 && harmThreshold != 6) {
            throw new IllegalArgumentException("content-safety.harm-threshold must be 2, 4 or 6, was " + harmThreshold);
        }
    }

    /** Whether the detector is configured at all ({@code content-safety.endpoint} set). */
    public static boolean enabled(Map<String, String> settings) {
        String endpoint = settings.get(PREFIX + "endpoint");
        return endpoint != null && !endpoint.isBlank();
    }

    /**
     * @param settings flat settings (only {@code content-safety.*} keys are read)
     * @param env      environment lookup for {@code content-safety.api-key-env}
     */
    public static ContentSafetySettings from(Map<String, String> settings, Function<String, String> env) {
        SettingsReader r = new SettingsReader(PREFIX, settings);
        String endpoint = r.required("endpoint").replaceAll("/+$", "");
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new IllegalArgumentException("content-safety.endpoint must be an http(s) URL, was '" + endpoint + "'");
        }
        String apiKey = r.text("api-key", null);
        String keyEnv = r.text("api-key-env", null);
        if (apiKey == null && keyEnv != null) {
            apiKey = env.apply(keyEnv);
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("content-safety.api-key-env names " + keyEnv + ", which is not set");
            }
        }
        Auth auth = r.choice("auth", Auth.class, apiKey != null ? Auth.KEY : Auth.ENTRA);
        return new ContentSafetySettings(endpoint, auth, apiKey,
                r.bool("text-analysis", true),
                r.bool("prompt-shields", true),
                r.text("shield-api-version", DEFAULT_SHIELD_API_VERSION),
                r.duration("timeout", Duration.ofSeconds(5)),
                r.positiveInt("requests-per-minute", 60),
                r.positiveInt("max-concurrency", 4),
                r.nonNegativeInt("max-retries", 1),
                r.duration("retry.max-wait", Duration.ofSeconds(5)),
                r.positiveInt("breaker.failure-threshold", 5),
                r.duration("breaker.cool-down", Duration.ofSeconds(30)),
                r.nonNegativeInt("harm-threshold", 4));
    }

    /** Never prints the key: settings end up in logs and startup messages. */
    @Override
    public String toString() {
        return "ContentSafetySettings[endpoint=" + endpoint + ", auth=" + auth + ", textAnalysis=" + textAnalysis
                + ", promptShields=" + promptShields + ", timeout=" + timeout + ", requestsPerMinute="
                + requestsPerMinute + ", maxConcurrency=" + maxConcurrency + "]";
    }

}
