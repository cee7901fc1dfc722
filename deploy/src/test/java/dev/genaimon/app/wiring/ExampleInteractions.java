package dev.genaimon.app.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic interactions in the ingest JSON shape, varied across tenants, apps, models and outcomes. */
final class ExampleInteractions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] APPS = {{"acme", "support-bot"}, {"acme", "travel-agent"},
            {"globex", "doc-summarizer"}, {"initech", "code-assistant"}};
    private static final String[][] MODELS = {{"azure.ai.openai", "gpt-4o-mini"}, {"openai", "gpt-4o"},
            {"anthropic", "claude-sonnet-4"}};
    private static final String[] QUESTIONS = {"How do I reset my password?", "What is your refund policy?",
            "Summarize the attached contract in three bullet points.", "Write a SQL query listing overdue invoices.",
            "Which flights go from Amsterdam to Lisbon on Friday?", "Explain the difference between TCP and UDP."};

    private ExampleInteractions() {
    }

    static List<ObjectNode> generate(int count, String idPrefix, Random random) {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        List<ObjectNode> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] app = APPS[random.nextInt(APPS.length)];
            String[] model = MODELS[random.nextInt(MODELS.length)];
            ObjectNode item = JSON.createObjectNode()
                    .put("interactionId", idPrefix + i)
                    .put("timestamp", base.plusMillis(i * 37L).toString())
                    .put("tenant", app[0]).put("app", app[1]).put("environment", "prod").put("operation", "chat");
            item.putObject("model").put("provider", model[0]).put("model", model[1]);
            item.putObject("promptTemplate").put("id", app[1] + "-main").put("version", "v" + (1 + random.nextInt(3)));
            ArrayNode messages = item.putArray("messages");
            messages.addObject().put("role", "user").put("content", QUESTIONS[random.nextInt(QUESTIONS.length)]
                    + " (request " + i + ")");
            if (random.nextBoolean()) {
                item.putArray("context").addObject().put("id", "kb-" + random.nextInt(500))
                        .put("content", "Knowledge base article " + random.nextInt(10_000) + " about accounts.")
                        .put("score", Math.round(random.nextDouble() * 1000) / 1000.0);
            }
            item.put("response", "Here is what I found for request " + i + ".").put("finishReason", "stop");
            long input = 50 + random.nextInt(2000);
            long output = 10 + random.nextInt(500);
            item.putObject("usage").put("inputTokens", input).put("outputTokens", output)
                    .put("totalTokens", input + output);
            long latency = 200 + random.nextInt(5000);
            item.put("latencyMs", latency).put("timeToFirstTokenMs", latency / 4);
            if (random.nextInt(20) == 0) {
                item.putObject("status").put("code", "error").put("httpStatus", 429).put("errorType", "rate_limited");
            }
            item.putObject("attributes").put("region", random.nextBoolean() ? "westeurope" : "eastus");
            items.add(item);
        }
        return items;
    }
}
