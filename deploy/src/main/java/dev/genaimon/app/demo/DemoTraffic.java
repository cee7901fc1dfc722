package dev.genaimon.app.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the demo's interactions and feedback, in the ingest API's JSON shape (field names of the {@code Interaction}
 * and {@code Feedback} schemas), from {@link DemoTemplates}. Deterministic for a seed: the same seed, segments, times
 * and incidents give the same records. Not thread-safe (one driver thread uses it).
 */
final class DemoTraffic {

    /** Share of a segment's interactions that an active incident changes (the rest stays normal traffic). */
    static final double ATTACK_SHARE = 0.65;
    static final double PII_SHARE = 0.6;
    static final double THROTTLE_SHARE = 0.45;
    static final double FEEDBACK_SHARE = 0.12;

    private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");
    private static final String REFUSAL = "I'm sorry, but I can't share internal instructions, configuration or other "
            + "customers' data. I can help with orders, returns, delivery and account questions.";

    private final DemoTemplates templates;
    private final Random random;
    private final String runId;
    private long sequence;

    DemoTraffic(DemoTemplates templates, long seed, String runId) {
        this.templates = templates;
        this.random = new Random(seed);
        this.runId = runId;
    }

    /** One interaction of the segment at {@code at}, shaped by the incidents active on it. */
    Map<String, Object> interaction(DemoSegment segment, Instant at, Set<IncidentKind> active) {
        Map<String, String> vars = new HashMap<>();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("interactionId", runId + "-" + (++sequence));
        item.put("timestamp", at.toString());
        item.put("tenant", segment.tenant());
        item.put("app", segment.app());
        item.put("environment", "prod");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("provider", segment.provider());
        model.put("model", segment.model());
        model.put("deployment", segment.deployment());
        item.put("model", model);
        item.put("userId", "user-" + segment.tenant() + "-" + random.nextInt(2_000));
        item.put("sessionId", "session-" + random.nextInt(50_000));
        String version = segment.promptVersion();
        switch (segment.kind()) {
            case SUPPORT -> support(item, active, vars);
            case DOCS -> version = docs(item, active, vars, version);
            case SHOP_AGENT -> agent(item, templates.agent(), vars, false);
            case RESEARCH_AGENT -> agent(item, templates.research(), vars, active.contains(IncidentKind.COST_BURN));
            default -> throw new IllegalStateException(segment.kind().toString());
        }
        item.put("promptTemplate", Map.of("id", segment.promptId(), "version", version));
        usageAndLatency(item, segment, active);
        return item;
    }

    private void support(Map<String, Object> item, Set<IncidentKind> active, Map<String, String> vars) {
        DemoTemplates.App app = templates.support();
        DemoTemplates.Article article = pick(app.articles());
        String question = fill(pick(article.questions()), vars);
        String response = answerFrom(article, vars);
        if (active.contains(IncidentKind.PROMPT_ATTACK) && random.nextDouble() < ATTACK_SHARE) {
            question = pick(templates.attacks());
            response = REFUSAL;
        } else if (active.contains(IncidentKind.PII_LEAK) && random.nextDouble() < PII_SHARE) {
            DemoTemplates.Pii pii = templates.pii();
            int person = random.nextInt(pii.people().size());
            vars.put("person", pii.people().get(person));
            vars.put("email", pii.emails().get(person % pii.emails().size()));
            vars.put("phone", pick(pii.phones()));
            vars.put("card", pick(pii.cards()));
            response = fill(pick(pii.answers()), vars);
        }
        item.put("operation", "chat");
        item.put("systemPrompt", app.system());
        item.put("messages", List.of(message("user", question)));
        item.put("context", context(app.articles(), article, 1 + random.nextInt(2), vars));
        item.put("response", response);
        item.put("finishReason", "stop");
    }

    private String docs(Map<String, Object> item, Set<IncidentKind> active, Map<String, String> vars,
                        String version) {
        DemoTemplates.App app = templates.docs();
        DemoTemplates.Article article = pick(app.articles());
        item.put("operation", "chat");
        item.put("context", context(app.articles(), article, 2 + random.nextInt(2), vars));
        if (active.contains(IncidentKind.ROLLOUT)) {
            // the new prompt version: a different population of questions, answered from the model's own knowledge
            DemoTemplates.Rollout rollout = templates.rollout();
            item.put("systemPrompt", rollout.system());
            item.put("messages", List.of(message("user", fill(pick(rollout.questions()), vars))));
            item.put("response", fill(pick(rollout.answers()), vars));
            item.put("finishReason", random.nextDouble() < 0.2 ? "length" : "stop");
            return DemoScenario.ROLLOUT_VERSION;
        }
        item.put("systemPrompt", app.system());
        item.put("messages", List.of(message("user", fill(pick(article.questions()), vars))));
        item.put("response", answerFrom(article, vars));
        item.put("finishReason", "stop");
        return version;
    }

    private void agent(Map<String, Object> item, DemoTemplates.Agent agent, Map<String, String> vars, boolean loop) {
        vars.put("n", Integer.toString(10_000 + random.nextInt(89_999)));
        vars.put("d", Integer.toString(1 + random.nextInt(8)));
        vars.put("price", Integer.toString(19 + random.nextInt(180)));
        String question = fill(pick(agent.questions()), vars);
        vars.put("slug", slug(vars.getOrDefault("research_topic", "topic")));
        List<Map<String, Object>> calls = new ArrayList<>();
        for (DemoTemplates.Tool tool : agent.tools()) {
            if (calls.isEmpty() || random.nextDouble() < 0.75) {
                calls.add(toolCall(tool, vars, calls.size()));
            }
        }
        if (loop) {
            // a runaway agent: it fetches the same page again and again, stuffing it into an ever longer context
            DemoTemplates.Tool last = agent.tools().get(agent.tools().size() - 1);
            int repeats = 8 + random.nextInt(5);
            for (int i = 0; i < repeats; i++) {
                calls.add(toolCall(last, vars, calls.size()));
            }
        }
        item.put("operation", "invoke_agent");
        item.put("systemPrompt", agent.system());
        item.put("messages", List.of(message("user", question)));
        item.put("toolCalls", calls);
        item.put("response", fill(pick(agent.answers()), vars));
        item.put("finishReason", "stop");
    }

    private Map<String, Object> toolCall(DemoTemplates.Tool tool, Map<String, String> vars, int index) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", "call-" + index);
        call.put("name", tool.name());
        call.put("arguments", fill(tool.arguments(), vars));
        call.put("output", fill(tool.output(), vars));
        call.put("status", "ok");
        call.put("latencyMs", 60 + random.nextInt(340));
        return call;
    }

    /** Token counts from the text (about 4 characters a token), and a latency that grows with the output. */
    private void usageAndLatency(Map<String, Object> item, DemoSegment segment, Set<IncidentKind> active) {
        int inputChars = length(item.get("systemPrompt")) + textLength(item.get("messages"), "content")
                + textLength(item.get("context"), "content") + textLength(item.get("toolCalls"), "output");
        long input = Math.round(inputChars / 4.0 * (0.9 + 0.25 * random.nextDouble())) + 12;
        // agents also send their tool schemas and, for research, the pages they read
        input += switch (segment.kind()) {
            case SHOP_AGENT -> 300 + random.nextInt(150);
            case RESEARCH_AGENT -> 2_400 + random.nextInt(1_600);
            default -> 0;
        };
        long output = Math.round(length(item.get("response")) / 4.0 * (0.9 + 0.2 * random.nextDouble())) + 2;
        if (active.contains(IncidentKind.COST_BURN)) {
            input = 90_000 + random.nextInt(50_000);
            output = 800 + random.nextInt(800);
        }
        double perToken = switch (segment.model()) {
            case "gpt-4o-mini" -> 9;
            case "gpt-4.1" -> 16;
            default -> 14;
        };
        double noise = Math.exp(0.25 * random.nextGaussian());
        long latency = Math.round((320 + perToken * output) * noise);
        long ttft = Math.round(180 + 120 * Math.exp(0.3 * random.nextGaussian()) + input / 400.0);
        if (active.contains(IncidentKind.LATENCY_THROTTLE)) {
            latency = Math.round(latency * (5 + 2 * random.nextDouble()));
            ttft = Math.round(ttft * (4 + 2 * random.nextDouble()));
            if (random.nextDouble() < THROTTLE_SHARE) {
                item.put("status", Map.of("code", "error", "httpStatus", 429, "errorType", "rate_limited",
                        "message", "Requests to the deployment have exceeded the call rate limit. Retry after 8 s."));
                item.remove("response");
                item.remove("toolCalls");
                item.put("finishReason", "error");
                output = 0;
                latency = 40 + random.nextInt(120);
            }
        }
        if (active.contains(IncidentKind.COST_BURN)) {
            latency = Math.round(latency * 2.5);
        }
        item.put("usage", Map.of("inputTokens", input, "outputTokens", output, "totalTokens", input + output));
        item.put("latencyMs", latency);
        if (!item.containsKey("status")) {
            item.put("timeToFirstTokenMs", Math.min(ttft, latency));
        }
    }

    /**
     * Feedback on an interaction, or null: a few users rate their answers; answers of the rolled-out prompt and
     * answers that leak other customers' data get mostly thumbs down.
     */
    Map<String, Object> feedback(Map<String, Object> interaction, Set<IncidentKind> active) {
        if (interaction.containsKey("status") || random.nextDouble() >= FEEDBACK_SHARE) {
            return null;
        }
        double happy = 0.85;
        String comment = null;
        if (active.contains(IncidentKind.ROLLOUT)) {
            happy = 0.3;
            comment = "The answer ignores our documentation and made up prices.";
        } else if (active.contains(IncidentKind.PII_LEAK)) {
            happy = 0.4;
            comment = "The bot showed me someone else's details.";
        }
        boolean up = random.nextDouble() < happy;
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("feedbackId", interaction.get("interactionId") + "-fb");
        feedback.put("interactionId", interaction.get("interactionId"));
        feedback.put("timestamp", interaction.get("timestamp"));
        feedback.put("tenant", interaction.get("tenant"));
        feedback.put("app", interaction.get("app"));
        feedback.put("thumbs", up ? "up" : "down");
        feedback.put("score", up ? 1.0 : -1.0);
        if (!up && comment != null) {
            feedback.put("comment", comment);
        }
        return feedback;
    }

    private List<Map<String, Object>> context(List<DemoTemplates.Article> articles, DemoTemplates.Article first,
                                              int documents, Map<String, String> vars) {
        List<Map<String, Object>> context = new ArrayList<>();
        List<DemoTemplates.Article> chosen = new ArrayList<>();
        chosen.add(first);
        while (chosen.size() < Math.min(documents, articles.size())) {
            DemoTemplates.Article other = pick(articles);
            if (!chosen.contains(other)) {
                chosen.add(other);
            }
        }
        double score = 0.78 + 0.15 * random.nextDouble();
        for (DemoTemplates.Article article : chosen) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("id", article.id());
            document.put("content", article.title() + ". " + fill(String.join(" ", article.sentences()), vars));
            document.put("score", Math.round(score * 1000) / 1000.0);
            document.put("source", "kb");
            context.add(document);
            score -= 0.05 + 0.1 * random.nextDouble();
        }
        return context;
    }

    /** One or two of the article's own sentences: an answer grounded in the context. */
    private String answerFrom(DemoTemplates.Article article, Map<String, String> vars) {
        List<String> sentences = article.sentences();
        int first = random.nextInt(sentences.size());
        String answer = fill(sentences.get(first), vars);
        if (random.nextBoolean() && sentences.size() > 1) {
            answer = answer + " " + fill(sentences.get((first + 1) % sentences.size()), vars);
        }
        return answer;
    }

    /** Replaces {slot} with the interaction's value of that slot, picking one the first time it is used. */
    String fill(String template, Map<String, String> vars) {
        Matcher matcher = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = vars.get(name);
            if (value == null) {
                List<String> values = templates.slots().get(name);
                value = values == null ? matcher.group() : pick(values);
                vars.put(name, value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Map<String, Object> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    private static String slug(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static int length(Object text) {
        return text == null ? 0 : text.toString().length();
    }

    @SuppressWarnings("unchecked")
    private static int textLength(Object list, String field) {
        if (!(list instanceof List<?> items)) {
            return 0;
        }
        int total = 0;
        for (Object element : items) {
            total += length(((Map<String, Object>) element).get(field));
        }
        return total;
    }
}
