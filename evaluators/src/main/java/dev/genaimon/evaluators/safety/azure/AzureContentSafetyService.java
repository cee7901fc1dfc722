package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.judge.CallFailures;
import com.azure.ai.contentsafety.ContentSafetyClient;
import com.azure.ai.contentsafety.ContentSafetyClientBuilder;
import com.azure.ai.contentsafety.models.AnalyzeTextOptions;
import com.azure.ai.contentsafety.models.AnalyzeTextOutputType;
import com.azure.ai.contentsafety.models.AnalyzeTextResult;
import com.azure.ai.contentsafety.models.TextCategoriesAnalysis;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.evaluators.judge.RetryAfter;
import dev.genaimon.evaluators.safety.harm.HarmCategory;
import dev.genaimon.evaluators.safety.harm.HarmResult;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link ContentSafetyService} on {@code com.azure:azure-ai-contentsafety}. {@code text:analyze} goes through the
 * SDK's {@link ContentSafetyClient}; {@code text:shieldPrompt} is not in the SDK (1.0.0), so it is sent as a plain
 * request on the same {@link HttpPipeline}: both share authentication, timeouts and the JDK HTTP client.
 *
 * <p>The pipeline is built here, like the LLM judge's: the SDK's key policy refuses to send a key over plain HTTP
 * (our tests run on loopback), and retries are {@link ContentSafetyDetector}'s job, with the budget and the breaker
 * in view, so the pipeline has no retry policy.
 */
final class AzureContentSafetyService implements ContentSafetyService {

    /** Service limit per text of both operations (characters); longer input is cut, and the result says so. */
    static final int MAX_TEXT_CHARS = 10_000;
    /** Prompt Shields limits: at most 5 documents, 10,000 characters in all. */
    static final int MAX_DOCUMENTS = 5;

    private static final String SCOPE = "https://cognitiveservices.azure.com/.default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContentSafetyClient client;
    private final HttpPipeline pipeline;
    private final String shieldUrl;

    private AzureContentSafetyService(ContentSafetyClient client, HttpPipeline pipeline, String shieldUrl) {
        this.client = client;
        this.pipeline = pipeline;
        this.shieldUrl = shieldUrl;
    }

    static AzureContentSafetyService create(ContentSafetySettings settings) {
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(settings.timeout())
                .responseTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        HttpPipelinePolicy auth = switch (settings.auth()) {
            case KEY -> new AddHeadersPolicy(new HttpHeaders()
                    .set(HttpHeaderName.fromString("Ocp-Apim-Subscription-Key"), settings.apiKey()));
            case ENTRA -> new BearerTokenAuthenticationPolicy(new DefaultAzureCredentialBuilder().build(), SCOPE);
        };
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http).policies(auth).build();
        ContentSafetyClient client = new ContentSafetyClientBuilder()
                .pipeline(pipeline)
                .endpoint(settings.endpoint())
                .buildClient();
        return new AzureContentSafetyService(client, pipeline,
                settings.endpoint() + "/contentsafety/text:shieldPrompt?api-version=" + settings.shieldApiVersion());
    }

    @Override
    public HarmResult analyzeText(String text) {
        AnalyzeTextResult result;
        try {
            result = client.analyzeText(new AnalyzeTextOptions(cut(text, MAX_TEXT_CHARS))
                    .setOutputType(AnalyzeTextOutputType.FOUR_SEVERITY_LEVELS));
        } catch (HttpResponseException e) {
            throw failed("text:analyze", e.getResponse(), e.getMessage(), e);
        } catch (RuntimeException e) {
            throw noAnswer("text:analyze", e);
        }
        Map<HarmCategory, Integer> severities = new EnumMap<>(HarmCategory.class);
        if (result.getCategoriesAnalysis() != null) {
            for (TextCategoriesAnalysis analysis : result.getCategoriesAnalysis()) {
                HarmCategory category = category(analysis.getCategory() == null ? null
                        : analysis.getCategory().toString());
                if (category != null && analysis.getSeverity() != null) {
                    severities.merge(category, severity(analysis.getSeverity()), Math::max);
                }
            }
        }
        return new HarmResult(severities.getOrDefault(HarmCategory.HATE, 0),
                severities.getOrDefault(HarmCategory.SEXUAL, 0),
                severities.getOrDefault(HarmCategory.VIOLENCE, 0),
                severities.getOrDefault(HarmCategory.SELF_HARM, 0));
    }

    @Override
    public ShieldVerdict shieldPrompt(String userPrompt, List<String> documents) {
        ObjectNode body = JSON.createObjectNode();
        body.put("userPrompt", cut(userPrompt, MAX_TEXT_CHARS));
        var docs = body.putArray("documents");
        int left = MAX_TEXT_CHARS;
        int sent = 0;
        for (String document : documents) {
            if (left <= 0) {
                break; // the documents' 10,000 characters are spent: the rest is not checked (nor reported)
            }
            docs.add(cut(document, left));
            left -= document.length();
            sent++;
        }
        HttpRequest request = new HttpRequest(HttpMethod.POST, shieldUrl)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.ACCEPT, "application/json")
                .setBody(body.toString());
        JsonNode answer;
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String text = response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() / 100 != 2) {
                throw failed("text:shieldPrompt", response, text, null);
            }
            answer = JSON.readTree(text);
        } catch (ContentSafetyCallException e) {
            throw e;
        } catch (IOException e) {
            throw new ContentSafetyCallException("text:shieldPrompt answered malformed JSON: " + e.getMessage(), 200,
                    null, e);
        } catch (RuntimeException e) {
            throw noAnswer("text:shieldPrompt", e);
        }
        JsonNode user = answer.path("userPromptAnalysis");
        List<Boolean> documentAttacks = new ArrayList<>();
        for (JsonNode document : answer.path("documentsAnalysis")) {
            documentAttacks.add(document.path("attackDetected").asBoolean(false));
        }
        if (documentAttacks.size() != sent) {
            throw new ContentSafetyCallException("text:shieldPrompt analysed " + documentAttacks.size() + " of "
                    + sent + " documents", 200, null, null);
        }
        return new ShieldVerdict(user.path("attackDetected").asBoolean(false), documentAttacks);
    }

    /** Service names: {@code Hate}, {@code Sexual}, {@code Violence}, {@code SelfHarm}; others are ignored. */
    static HarmCategory category(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "")) {
            case "hate" -> HarmCategory.HATE;
            case "sexual" -> HarmCategory.SEXUAL;
            case "violence" -> HarmCategory.VIOLENCE;
            case "selfharm" -> HarmCategory.SELF_HARM;
            default -> null;
        };
    }

    /**
     * The service's severity on genaimon's 0/2/4/6 scale. Four-level output already is; an eight-level answer
     * (0–7) is rounded down to the level it belongs to (1 → 0, 3 → 2, 5 → 4, 7 → 6), as the service's own
     * four-level output groups them.
     */
    static int severity(int value) {
        int clamped = Math.max(0, Math.min(7, value));
        return clamped - clamped % 2;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static ContentSafetyCallException failed(String operation, HttpResponse response, String message,
                                                     Throwable cause) {
        int status = response == null ? 0 : response.getStatusCode();
        Duration retryAfter = response == null ? null
                : RetryAfter.parse(response.getHeaders()::getValue, Instant.now());
        return new ContentSafetyCallException(operation + " HTTP " + status + ": " + CallFailures.firstLine(message),
                status, retryAfter, cause);
    }

    private static ContentSafetyCallException noAnswer(String operation, RuntimeException e) {
        String what = CallFailures.isTimeout(e) ? "timed out"
                : "no answer (" + CallFailures.firstLine(e.toString()) + ")";
        return new ContentSafetyCallException(operation + " " + what, 0, null, e);
    }
}
