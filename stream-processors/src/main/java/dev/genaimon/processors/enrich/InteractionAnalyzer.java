package dev.genaimon.processors.enrich;

import dev.genaimon.evaluators.safety.attack.ContextAttackReport;
import dev.genaimon.evaluators.safety.attack.PromptAttackDetector;
import dev.genaimon.evaluators.safety.harm.HarmDetector;
import dev.genaimon.evaluators.safety.harm.HarmResult;
import dev.genaimon.evaluators.safety.harm.HarmfulComplianceDetector;
import dev.genaimon.evaluators.safety.pii.PiiDetector;
import dev.genaimon.evaluators.safety.pii.PiiEntity;
import dev.genaimon.evaluators.safety.pii.Redactor;
import dev.genaimon.evaluators.safety.refusal.RefusalDetector;
import dev.genaimon.evaluators.safety.refusal.RefusalResult;
import dev.genaimon.evaluators.text.LanguageGuesser;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.AttackResult;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.Features;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.PiiFinding;
import dev.genaimon.schemas.avro.RedactionInfo;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.TokenUsage;
import dev.genaimon.schemas.avro.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The work of the enrich stage for one interaction, without Kafka: detect PII in every text field and redact it,
 * score prompt attacks (direct, and indirect in context documents and tool results), harmful content, harmful
 * compliance and refusals, compute the features drift and metrics use, and drop the text of metadata-only tenants.
 * Detection always runs on the original text; only redacted text leaves this class. Thread-safe.
 */
public final class InteractionAnalyzer {

    /** Version of this analysis, recorded in every {@link SafetyFlags}. */
    public static final String VERSION = "enrich-1";
    /** Longest prompt tail scored for attacks: the instruction that matters is near the end of a conversation. */
    static final int MAX_PROMPT_CHARS = 8_000;
    /** Severity from which harm counts in rates (Azure's "medium"). */
    public static final int HARM_SIGNAL_SEVERITY = 4;

    /** The enriched interaction and its safety flags. */
    public record Result(Interaction interaction, SafetyFlags flags) {
    }

    private final EnrichSettings settings;
    private final Segments segments;
    private final PiiDetector pii;
    private final Redactor redactor;
    private final PromptAttackDetector attacks;
    private final HarmDetector harm;
    private final HarmfulComplianceDetector compliance;
    private final RefusalDetector refusals;
    /**
     * PII found in recently seen system prompts and context documents, per thread: applications send the same
     * system prompt with every request and retrieval returns the same documents again, so those are detected once.
     */
    private final ThreadLocal<TextCache<List<PiiEntity>>> piiCache = ThreadLocal.withInitial(
            () -> new TextCache<>(TextCache.DEFAULT_ENTRIES));

    public InteractionAnalyzer(EnrichSettings settings, Segments segments, PiiDetector pii, Redactor redactor,
                               PromptAttackDetector attacks, HarmDetector harm, HarmfulComplianceDetector compliance,
                               RefusalDetector refusals) {
        this.settings = settings;
        this.segments = segments;
        this.pii = pii;
        this.redactor = redactor;
        this.attacks = attacks;
        this.harm = harm;
        this.compliance = compliance;
        this.refusals = refusals;
    }

    /** All local detectors with their defaults and the settings' thresholds and redaction modes. */
    public static InteractionAnalyzer create(EnrichSettings settings, Segments segments) {
        return new InteractionAnalyzer(settings, segments, PiiDetector.createDefault(),
                new Redactor(settings.redaction(), settings.defaultRedaction(), settings.redactionSalt()),
                PromptAttackDetector.withThreshold(settings.attackThreshold()), new HarmDetector(),
                new HarmfulComplianceDetector(), new RefusalDetector());
    }

    public Result analyze(Interaction raw) {
        Interaction out = Interaction.newBuilder(raw).build();
        List<PiiFinding> findings = new ArrayList<>();
        Map<String, Double> numeric = new TreeMap<>();
        Map<String, String> categorical = new TreeMap<>();

        String prompt = userText(raw);
        String response = raw.getResponse();
        List<String> context = contextTexts(raw);

        ContextAttackReport attack = attacks.detectWithContext(tail(prompt), context);
        HarmResult harmPrompt = harm.detect(prompt);
        HarmResult harmResponse = response == null ? HarmResult.NONE : harm.detect(response);
        RefusalResult refusal = response == null || response.isBlank() ? null : refusals.detect(response);
        // the harm and refusal results above are what the compliance score would compute again
        Double complianceScore = refusal == null ? null
                : compliance.score(response, refusal.score(), harmResponse, harmPrompt);

        int redacted = redactAll(out, findings);

        Map<String, Integer> harmMax = new LinkedHashMap<>();
        harmMax.put("hate", Math.max(harmPrompt.hate(), harmResponse.hate()));
        harmMax.put("sexual", Math.max(harmPrompt.sexual(), harmResponse.sexual()));
        harmMax.put("violence", Math.max(harmPrompt.violence(), harmResponse.violence()));
        harmMax.put("self_harm", Math.max(harmPrompt.selfHarm(), harmResponse.selfHarm()));

        AttackResult attackResult = new AttackResult(attack.score(), attack.detected(),
                attack.detected() ? (attack.prompt().detected() ? "direct" : "indirect_injection") : null,
                attack.detected() ? (attack.prompt().detected() ? "prompt" : "context") : null);
        SafetyFlags flags = SafetyFlags.newBuilder()
                .setInteractionId(raw.getInteractionId())
                .setTimestamp(raw.getTimestamp())
                .setTenant(raw.getTenant())
                .setApp(raw.getApp())
                .setSegment(segments.of(raw))
                .setPii(findings)
                .setAttack(attackResult)
                .setHarm(harmMax)
                .setHarmfulCompliance(complianceScore)
                .setRefusal(refusal != null && refusal.refused())
                .setDetectorVersions(Map.of("enrich", VERSION))
                .build();

        features(raw, prompt, context, findings, attack, harmMax, complianceScore, refusal, numeric, categorical);
        boolean capture = !settings.metadataOnlyTenants().contains(raw.getTenant());
        if (!capture) {
            dropContent(out);
        }
        out.setFeatures(new Features(numeric, categorical));
        out.setSafety(flags);
        // what ingest already did at the edge stays on the record (its count and the fact)
        RedactionInfo edge = raw.getRedaction() != null && raw.getRedaction().getAtEdge() ? raw.getRedaction() : null;
        out.setRedaction(new RedactionInfo(redacted + (edge == null ? 0 : edge.getPiiRedacted()),
                capture && (edge == null || edge.getContentCaptured()), edge != null));
        return new Result(out, flags);
    }

    private int redactAll(Interaction out, List<PiiFinding> findings) {
        int before = findings.size();
        // The same text in two fields of one interaction (the response repeated as the last assistant message, a
        // tool output quoted in the context) is detected once. A list, not a hash map: a handful of fields, and
        // comparing lengths first costs less than hashing every text.
        List<Detected> seen = new ArrayList<>(8);
        out.setSystemPrompt(redact(out.getSystemPrompt(), "system", findings, true, seen));
        if (out.getMessages() != null) {
            for (Message message : out.getMessages()) {
                message.setContent(redact(message.getContent(), "assistant".equals(message.getRole()) ? "response"
                        : "prompt", findings, false, seen));
            }
        }
        out.setResponse(redact(out.getResponse(), "response", findings, false, seen));
        if (out.getContext() != null) {
            for (ContextDocument document : out.getContext()) {
                document.setContent(redact(document.getContent(), "context", findings, true, seen));
            }
        }
        if (out.getToolCalls() != null) {
            for (ToolCall tool : out.getToolCalls()) {
                tool.setArguments(redact(tool.getArguments(), "tool", findings, false, seen));
                tool.setOutput(redact(tool.getOutput(), "tool", findings, false, seen));
            }
        }
        out.setGroundTruth(redact(out.getGroundTruth(), "ground_truth", findings, false, seen));
        return findings.size() - before;
    }

    /** A text of the current interaction and the PII found in it. */
    private record Detected(String text, List<PiiEntity> entities) {
    }

    private String redact(String text, String location, List<PiiFinding> findings, boolean repeats,
                          List<Detected> seen) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<PiiEntity> entities = null;
        for (Detected d : seen) {
            if (d.text().length() == text.length() && d.text().equals(text)) {
                entities = d.entities();
                break;
            }
        }
        if (entities == null) {
            entities = repeats ? piiCache.get().computeIfAbsent(text, pii::detect) : pii.detect(text);
            seen.add(new Detected(text, entities));
        }
        if (entities.isEmpty()) {
            return text;
        }
        for (PiiEntity entity : entities) {
            findings.add(new PiiFinding(entity.type(), location, entity.start(), entity.end(), entity.score()));
        }
        return redactor.redact(text, entities);
    }

    private void features(Interaction raw, String prompt, List<String> context, List<PiiFinding> findings,
                          ContextAttackReport attack, Map<String, Integer> harmMax, Double complianceScore,
                          RefusalResult refusal, Map<String, Double> numeric, Map<String, String> categorical) {
        String response = raw.getResponse() == null ? "" : raw.getResponse();
        numeric.put("prompt_chars", (double) prompt.length());
        numeric.put("system_prompt_chars", raw.getSystemPrompt() == null ? 0.0 : raw.getSystemPrompt().length());
        numeric.put("response_chars", (double) response.length());
        numeric.put("messages", raw.getMessages() == null ? 0.0 : raw.getMessages().size());
        numeric.put("context_docs", raw.getContext() == null ? 0.0 : raw.getContext().size());
        numeric.put("context_chars", (double) context.stream().mapToInt(String::length).sum());
        RedactionInfo redaction = raw.getRedaction();
        if (redaction != null && redaction.getAtEdge() && !redaction.getContentCaptured() && raw.getFeatures() != null) {
            // ingest removed the text (metadata-only tenant) and kept its lengths under these names
            for (String length : List.of("prompt_chars", "system_prompt_chars", "response_chars", "context_chars")) {
                Double chars = raw.getFeatures().getNumeric().get(length);
                if (chars != null) {
                    numeric.put(length, chars);
                }
            }
        }
        TokenUsage usage = raw.getUsage();
        long input = usage != null && usage.getInputTokens() != null ? usage.getInputTokens() : estimateTokens(prompt);
        long output = usage != null && usage.getOutputTokens() != null ? usage.getOutputTokens()
                : estimateTokens(response);
        numeric.put("input_tokens", (double) input);
        numeric.put("output_tokens", (double) output);
        numeric.put("tokens_reported", usage != null && usage.getInputTokens() != null ? 1.0 : 0.0);
        if (raw.getLatencyMs() != null) {
            numeric.put("latency_ms", (double) raw.getLatencyMs());
        }
        if (raw.getTimeToFirstTokenMs() != null) {
            numeric.put("ttft_ms", (double) raw.getTimeToFirstTokenMs());
        }
        ModelPrice price = settings.priceOf(raw.getModel().getDeployment(), raw.getModel().getModel());
        numeric.put("cost_usd", price == null ? 0.0 : price.cost(input, output));
        List<ToolCall> tools = raw.getToolCalls() == null ? List.of() : raw.getToolCalls();
        numeric.put("tool_calls", (double) tools.size());
        numeric.put("tool_errors", (double) tools.stream().filter(t -> "error".equals(t.getStatus())).count());
        boolean error = raw.getStatus() != null && "error".equals(raw.getStatus().getCode());
        Integer http = raw.getStatus() == null ? null : raw.getStatus().getHttpStatus();
        numeric.put("error", error ? 1.0 : 0.0);
        numeric.put("throttled", http != null && http == 429 ? 1.0 : 0.0);
        numeric.put("attack_score", attack.score());
        numeric.put("harm_max", (double) harmMax.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        harmMax.forEach((category, severity) -> numeric.put("harm_" + category, (double) severity));
        if (complianceScore != null) {
            numeric.put("harmful_compliance", complianceScore);
        }
        numeric.put("refusal", refusal != null && refusal.refused() ? 1.0 : 0.0);
        numeric.put("pii_count", (double) findings.size());
        for (PiiFinding finding : findings) {
            numeric.merge("pii_" + finding.getType().toLowerCase(java.util.Locale.ROOT), 1.0, Double::sum);
        }

        categorical.put("model", raw.getModel().getModel());
        categorical.put("provider", raw.getModel().getProvider());
        categorical.put("finish_reason", raw.getFinishReason() == null ? "none" : raw.getFinishReason());
        categorical.put("status", error ? "error" : "ok");
        if (raw.getStatus() != null && raw.getStatus().getErrorType() != null) {
            categorical.put("error_type", raw.getStatus().getErrorType());
        }
        categorical.put("language", LanguageGuesser.guess(prompt));
        categorical.put("operation", raw.getOperation() == null ? "chat" : raw.getOperation());
        if (raw.getPromptTemplate() != null) {
            categorical.put("prompt_version", raw.getPromptTemplate().getVersion());
        }
    }

    private static void dropContent(Interaction out) {
        out.setSystemPrompt(null);
        if (out.getMessages() != null) {
            out.getMessages().forEach(m -> m.setContent(""));
        }
        out.setResponse(null);
        if (out.getContext() != null) {
            out.getContext().forEach(d -> d.setContent(""));
        }
        if (out.getToolCalls() != null) {
            out.getToolCalls().forEach(t -> {
                t.setArguments(null);
                t.setOutput(null);
            });
        }
        out.setGroundTruth(null);
    }

    /** The user's side of the conversation: every user message, in order. */
    static String userText(Interaction interaction) {
        if (interaction.getMessages() == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Message message : interaction.getMessages()) {
            if ("user".equals(message.getRole())) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(message.getContent());
            }
        }
        return text.toString();
    }

    /** Text the model read that a third party may control: retrieved documents and tool results. */
    static List<String> contextTexts(Interaction interaction) {
        List<String> texts = new ArrayList<>();
        if (interaction.getContext() != null) {
            interaction.getContext().forEach(d -> texts.add(d.getContent()));
        }
        if (interaction.getToolCalls() != null) {
            interaction.getToolCalls().stream().map(ToolCall::getOutput).filter(o -> o != null && !o.isEmpty())
                    .forEach(texts::add);
        }
        return texts;
    }

    private static String tail(String prompt) {
        return prompt.length() <= MAX_PROMPT_CHARS ? prompt : prompt.substring(prompt.length() - MAX_PROMPT_CHARS);
    }

    /** About four characters per token for English text; used only when the service reports no usage. */
    static long estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }
}
