package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.settings.SettingsReader;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * LLM-judge settings, read from the flat evaluator settings (keys prefixed {@code judge.}); see
 * docs/evaluation.md (LLM judge). Validated once at startup: a bad value fails with a message naming the key.
 *
 * @param endpoint          service base URL: {@code https://NAME.openai.azure.com} (azure) or the URL that ends
 *                          before {@code /chat/completions}, e.g. {@code http://127.0.0.1:8000/v1} (openai)
 * @param kind              {@code azure} or {@code openai} (OpenAI-compatible: vLLM, Ollama, ...)
 * @param auth              {@code key} (api-key / Bearer header), {@code entra} (Azure only, DefaultAzureCredential)
 *                          or {@code none} (OpenAI-compatible servers without authentication)
 * @param apiKey            the key, or {@code null} unless {@code auth = key}
 * @param model             Azure deployment name or OpenAI model name; recorded as the judge model on every result
 * @param apiVersion        Azure {@code api-version}, or {@code null} for the SDK's newest
 * @param maxConcurrency    calls in flight at once, over all tenants
 * @param requestsPerMinute calls per tenant per minute (token bucket, refills continuously)
 * @param tokensPerHour     prompt + completion tokens per tenant per hour (token bucket)
 * @param timeout           per-call response timeout
 * @param maxRetries        retries of a call after a 408/429/5xx/timeout (0 = one attempt)
 * @param backoffInitial    first backoff; doubles per retry, with jitter
 * @param backoffMax        longest wait between attempts; a longer {@code Retry-After} gives up instead
 * @param breakerFailures   consecutive failed calls that open the circuit breaker
 * @param breakerCoolDown   how long the breaker stays open before one probe call is let through
 * @param priceInputPer1k   USD per 1,000 prompt tokens
 * @param priceOutputPer1k  USD per 1,000 completion tokens
 * @param cacheSize         results kept in the LRU cache (0 = off)
 * @param passThreshold     a score at or above this (1–5) passes
 * @param maxOutputTokens   completion-token cap per call
 * @param jsonMode          send {@code response_format: json_object}
 */
public record JudgeSettings(String endpoint, Kind kind, Auth auth, String apiKey, String model, String apiVersion,
                            int maxConcurrency, int requestsPerMinute, long tokensPerHour, Duration timeout,
                            int maxRetries, Duration backoffInitial, Duration backoffMax, int breakerFailures,
                            Duration breakerCoolDown, double priceInputPer1k, double priceOutputPer1k, int cacheSize,
                            int passThreshold, int maxOutputTokens, boolean jsonMode) {

    /** Which flavour of the chat-completions API the endpoint speaks. */
    public enum Kind { AZURE, OPENAI }

    /** How calls authenticate. */
    public enum Auth { KEY, ENTRA, NONE }

    public static final String PREFIX = "judge.";

    public JudgeSettings {
        if (auth == Auth.ENTRA && kind != Kind.AZURE) {
            throw new IllegalArgumentException("judge.auth=entra needs judge.kind=azure");
        }
        if (auth == Auth.KEY && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("judge.auth=key needs judge.api-key or judge.api-key-env");
        }
        if (passThreshold < 1 || passThreshold > 5) {
            throw new IllegalArgumentException("judge.pass-threshold must be 1..5, was " + passThreshold);
        }
    }

    /** Whether the judge is configured at all ({@code judge.endpoint} set). */
    public static boolean enabled(Map<String, String> settings) {
        String endpoint = settings.get(PREFIX + "endpoint");
        return endpoint != null && !endpoint.isBlank();
    }

    /**
     * @param settings flat settings (only {@code judge.*} keys are read)
     * @param env      environment lookup for {@code judge.api-key-env}
     */
    public static JudgeSettings from(Map<String, String> settings, Function<String, String> env) {
        SettingsReader r = new SettingsReader(PREFIX, settings);
        String endpoint = r.required("endpoint").replaceAll("/+$", "");
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new IllegalArgumentException("judge.endpoint must be an http(s) URL, was '" + endpoint + "'");
        }
        Kind kind = r.choice("kind", Kind.class, Kind.AZURE);
        String apiKey = r.text("api-key", null);
        String keyEnv = r.text("api-key-env", null);
        if (apiKey == null && keyEnv != null) {
            apiKey = env.apply(keyEnv);
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("judge.api-key-env names " + keyEnv + ", which is not set");
            }
        }
        Auth fallbackAuth = apiKey != null ? Auth.KEY : kind == Kind.AZURE ? Auth.ENTRA : Auth.NONE;
        Auth auth = r.choice("auth", Auth.class, fallbackAuth);
        String model = r.text("deployment", r.text("model", null));
        if (model == null) {
            throw new IllegalArgumentException("judge.deployment (Azure) or judge.model (OpenAI-compatible) is required");
        }
        return new JudgeSettings(endpoint, kind, auth, apiKey, model, r.text("api-version", null),
                r.positiveInt("max-concurrency", 4),
                r.positiveInt("requests-per-minute", 60),
                r.positiveLong("tokens-per-hour", 200_000),
                r.duration("timeout", Duration.ofSeconds(30)),
                r.nonNegativeInt("max-retries", 3),
                r.duration("backoff.initial", Duration.ofMillis(500)),
                r.duration("backoff.max", Duration.ofSeconds(30)),
                r.positiveInt("breaker.failure-threshold", 5),
                r.duration("breaker.cool-down", Duration.ofSeconds(30)),
                r.nonNegativeDouble("price.input-per-1k", 0.0),
                r.nonNegativeDouble("price.output-per-1k", 0.0),
                r.nonNegativeInt("cache-size", 10_000),
                r.positiveInt("pass-threshold", 4),
                r.positiveInt("max-output-tokens", 200),
                Boolean.parseBoolean(r.text("json-mode", "true")));
    }

    /** Never prints the key: settings end up in logs and startup messages. */
    @Override
    public String toString() {
        return "JudgeSettings[endpoint=" + endpoint + ", kind=" + kind + ", auth=" + auth + ", model=" + model
                + ", maxConcurrency=" + maxConcurrency + ", requestsPerMinute=" + requestsPerMinute
                + ", tokensPerHour=" + tokensPerHour + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
    }

    /** Estimated cost of one call's tokens. */
    double cost(long promptTokens, long completionTokens) {
        return promptTokens / 1000.0 * priceInputPer1k + completionTokens / 1000.0 * priceOutputPer1k;
    }

}
