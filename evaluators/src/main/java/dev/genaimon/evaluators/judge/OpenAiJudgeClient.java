package dev.genaimon.evaluators.judge;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.OpenAIServiceVersion;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsJsonResponseFormat;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestMessage;
import com.azure.ai.openai.models.ChatRequestSystemMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.CompletionsUsage;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.identity.DefaultAzureCredentialBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link JudgeClient} on {@code com.azure:azure-ai-openai}, for Azure OpenAI and OpenAI-compatible servers.
 *
 * <p>The HTTP pipeline is built here rather than by the SDK's builder, for three reasons: the SDK's key policies
 * refuse to send a key over plain HTTP (local vLLM/Ollama and our tests are plain HTTP on loopback); the SDK would
 * retry on its own, while {@link Judge} retries with the tenant budget and the circuit breaker in view; and the SDK's
 * non-Azure client always targets the public OpenAI host, so a small policy points it at the configured endpoint.
 * The HTTP client is the JDK's ({@code azure-core-http-jdk-httpclient}), so no netty lands next to Kafka and Jetty.
 */
public final class OpenAiJudgeClient implements JudgeClient {

    /** The base URL the SDK's non-Azure client always uses; rewritten to the configured endpoint. */
    private static final String SDK_OPENAI_BASE = "https://api.openai.com/v1";
    private static final String AZURE_SCOPE = "https://cognitiveservices.azure.com/.default";

    private final OpenAIClient client;
    private final String model;
    private final boolean jsonMode;

    private OpenAiJudgeClient(OpenAIClient client, String model, boolean jsonMode) {
        this.client = client;
        this.model = model;
        this.jsonMode = jsonMode;
    }

    public static OpenAiJudgeClient create(JudgeSettings settings) {
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(settings.timeout())
                .responseTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        if (settings.kind() == JudgeSettings.Kind.OPENAI) {
            policies.add(new RewriteBasePolicy(SDK_OPENAI_BASE, settings.endpoint()));
        }
        switch (settings.auth()) {
            case KEY -> policies.add(settings.kind() == JudgeSettings.Kind.AZURE
                    ? new HeaderPolicy("api-key", settings.apiKey())
                    : new HeaderPolicy("Authorization", "Bearer " + settings.apiKey()));
            case ENTRA -> {
                TokenCredential credential = new DefaultAzureCredentialBuilder().build();
                policies.add(new BearerTokenAuthenticationPolicy(credential, AZURE_SCOPE));
            }
            case NONE -> { }
        }
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .httpClient(http)
                .policies(policies.toArray(new HttpPipelinePolicy[0]))
                .build();
        OpenAIClientBuilder builder = new OpenAIClientBuilder().pipeline(pipeline);
        if (settings.kind() == JudgeSettings.Kind.AZURE) {
            // An endpoint that is not the public OpenAI one makes the SDK speak the Azure flavour:
            // POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...
            builder.endpoint(settings.endpoint()).serviceVersion(serviceVersion(settings.apiVersion()));
        }
        // No endpoint: the SDK speaks the OpenAI flavour (POST {base}/chat/completions, model in the body).
        return new OpenAiJudgeClient(builder.buildClient(), settings.model(), settings.jsonMode());
    }

    @Override
    public JudgeReply complete(JudgeRequest request) {
        List<ChatRequestMessage> messages = List.of(
                new ChatRequestSystemMessage(request.system()),
                new ChatRequestUserMessage(request.user()));
        ChatCompletionsOptions options = new ChatCompletionsOptions(messages)
                .setTemperature(0.0)
                .setMaxTokens(request.maxOutputTokens())
                .setUser(request.tenant());
        if (jsonMode) {
            options.setResponseFormat(new ChatCompletionsJsonResponseFormat());
        }
        ChatCompletions completions;
        try {
            completions = client.getChatCompletions(model, options);
        } catch (HttpResponseException e) {
            HttpResponse response = e.getResponse();
            int status = response == null ? 0 : response.getStatusCode();
            Duration retryAfter = response == null ? null
                    : RetryAfter.parse(response.getHeaders()::getValue, Instant.now());
            throw new JudgeCallException("HTTP " + status + ": " + CallFailures.firstLine(e.getMessage()), status,
                    retryAfter, e);
        } catch (RuntimeException e) {
            String what = CallFailures.isTimeout(e) ? "timed out"
                : "no answer (" + CallFailures.firstLine(e.toString()) + ")";
            throw new JudgeCallException("judge call " + what, 0, null, e);
        }
        List<ChatChoice> choices = completions.getChoices();
        String text = choices == null || choices.isEmpty() || choices.get(0).getMessage() == null
                ? "" : choices.get(0).getMessage().getContent();
        CompletionsUsage usage = completions.getUsage();
        return new JudgeReply(text == null ? "" : text,
                usage == null ? 0 : usage.getPromptTokens(),
                usage == null ? 0 : usage.getCompletionTokens());
    }

    private static OpenAIServiceVersion serviceVersion(String apiVersion) {
        if (apiVersion == null) {
            return OpenAIServiceVersion.getLatest();
        }
        for (OpenAIServiceVersion version : OpenAIServiceVersion.values()) {
            if (version.getVersion().equals(apiVersion)) {
                return version;
            }
        }
        throw new IllegalArgumentException("judge.api-version " + apiVersion + " is not one the SDK knows: "
                + java.util.Arrays.stream(OpenAIServiceVersion.values()).map(OpenAIServiceVersion::getVersion).toList());
    }

    /** Sets one header on every request; unlike the SDK's key policies it also works over plain HTTP. */
    private static final class HeaderPolicy extends HttpPipelineSyncPolicy {
        private final String name;
        private final String value;

        HeaderPolicy(String name, String value) {
            this.name = name;
            this.value = value;
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            context.getHttpRequest().setHeader(com.azure.core.http.HttpHeaderName.fromString(name), value);
        }
    }

    /** Points the SDK's non-Azure client at the configured OpenAI-compatible base URL. */
    private static final class RewriteBasePolicy extends HttpPipelineSyncPolicy {
        private final String from;
        private final String to;

        RewriteBasePolicy(String from, String to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            String url = context.getHttpRequest().getUrl().toString();
            if (url.startsWith(from)) {
                context.getHttpRequest().setUrl(to + url.substring(from.length()));
            }
        }
    }
}
