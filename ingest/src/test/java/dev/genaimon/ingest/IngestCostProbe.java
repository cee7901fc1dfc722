package dev.genaimon.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.ingest.parse.BodyParser;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.serde.AvroSerdes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Not a test: measures the CPU time per 2 KB interaction of ingest's server-side steps on one thread, without HTTP or
 * Kafka (NDJSON parsing into trees, validation with the JSON → Avro mapping, Avro encoding), to tell where a
 * request's CPU goes independently of the load of a shared machine. Run from the module directory:
 * {@code java -cp target/classes:target/test-classes:<classpath> dev.genaimon.ingest.IngestCostProbe}.
 */
final class IngestCostProbe {

    private static final String[] SENTENCES = {
            "How do I rotate the API credentials for our staging environment without downtime?",
            "Summarize the attached incident report and list the three most likely root causes.",
            "The customer says the invoice total does not match the order confirmation they received.",
            "According to the knowledge base, refunds are processed within five business days."};

    public static void main(String[] args) throws Exception {
        int perBody = 200;
        int bodies = 25;
        List<byte[]> requests = new ArrayList<>();
        Random random = new Random(1);
        ObjectMapper json = new ObjectMapper();
        Instant now = Instant.now();
        for (int b = 0; b < bodies; b++) {
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < perBody; i++) {
                ObjectNode item = json.createObjectNode().put("interactionId", "probe-" + b + "-" + i)
                        .put("timestamp", now.minusSeconds(i).toString()).put("tenant", "acme").put("app", "bot")
                        .put("systemPrompt", "You are a helpful assistant. Answer from the context.")
                        .put("response", text(random, 400)).put("finishReason", "stop").put("latencyMs", 900)
                        .put("timeToFirstTokenMs", 200);
                item.putObject("model").put("provider", "azure.ai.openai").put("model", "gpt-4o");
                item.putObject("promptTemplate").put("id", "main").put("version", "v1");
                item.putArray("messages").addObject().put("role", "user").put("content", text(random, 400));
                item.putArray("context").addObject().put("id", "kb-1").put("content", text(random, 800))
                        .put("score", 0.8);
                item.putObject("usage").put("inputTokens", 100).put("outputTokens", 100);
                ndjson.append(item).append('\n');
            }
            requests.add(ndjson.toString().getBytes(StandardCharsets.UTF_8));
        }
        InteractionValidator validator =
                new InteractionValidator(IngestSettings.defaults().itemLimits(), Clock.systemUTC());
        Serializer<Interaction> serializer = AvroSerdes.singleObject().valueSerde(Interaction.class).serializer();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int items = perBody * bodies;
        for (int round = 0; round < 12; round++) {
            long parse = 0;
            long validate = 0;
            long encode = 0;
            long bytes = 0;
            for (byte[] request : requests) {
                long t0 = threads.getCurrentThreadCpuTime();
                List<BodyParser.Item> parsed = BodyParser.parse(request, "application/x-ndjson");
                long t1 = threads.getCurrentThreadCpuTime();
                List<Interaction> records = new ArrayList<>(parsed.size());
                for (BodyParser.Item item : parsed) {
                    InteractionValidator.Result result = validator.validate(item.json(), null, "http");
                    if (!result.valid()) {
                        throw new IllegalStateException("probe item invalid: " + result.errors());
                    }
                    records.add(result.interaction());
                }
                long t2 = threads.getCurrentThreadCpuTime();
                for (Interaction record : records) {
                    bytes += serializer.serialize("t", record).length;
                }
                long t3 = threads.getCurrentThreadCpuTime();
                parse += t1 - t0;
                validate += t2 - t1;
                encode += t3 - t2;
            }
            long fast = 0;
            for (byte[] request : requests) {
                long t0 = threads.getCurrentThreadCpuTime();
                for (BodyParser.Item item : BodyParser.parseLazily(request, "application/x-ndjson")) {
                    BodyParser.Raw raw = item.raw();
                    InteractionValidator.Result result =
                            validator.validateFast(raw.bytes(), raw.offset(), raw.length(), null, "http");
                    if (result == null || !result.valid()) {
                        throw new IllegalStateException("probe item left the streaming path");
                    }
                    bytes += serializer.serialize("t", result.interaction()).length;
                }
                fast += threads.getCurrentThreadCpuTime() - t0;
            }
            if (round >= 6) {
                System.out.printf("round %d: streaming path (split + parse + validate + encode) %.1f us per item%n",
                        round, fast / 1000.0 / items);
            }
            if (round >= 6) { // the first rounds warm the JIT
                System.out.printf("round %d: parse %.1f us, validate+map %.1f us, encode %.1f us per item (%d bytes"
                                + " of JSON, %d of Avro)%n", round, parse / 1000.0 / items, validate / 1000.0 / items,
                        encode / 1000.0 / items, requests.get(0).length / perBody, bytes / items);
            }
        }
    }

    private static String text(Random random, int chars) {
        StringBuilder text = new StringBuilder(chars + 100);
        while (text.length() < chars) {
            text.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
        }
        return text.toString();
    }
}
