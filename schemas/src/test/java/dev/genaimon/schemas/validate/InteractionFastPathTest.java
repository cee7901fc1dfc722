package dev.genaimon.schemas.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.avro.Interaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link InteractionValidator#validateFast}) against the tree path ({@link InteractionValidator#validate})
 * on the same bytes: whenever the fast path answers, the answer is the tree path's; and it does answer for ordinary
 * valid items (otherwise it would be dead code).
 */
class InteractionFastPathTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00.123456Z"), ZoneOffset.UTC);
    private static final InteractionValidator VALIDATOR =
            new InteractionValidator(ItemLimits.defaults().withIdHashSalt("s"), CLOCK);

    @Test
    void shouldAnswerEveryOrdinaryVariantExactlyAsTheTreePath() throws IOException {
        int answered = 0;
        List<String> items = variants();
        for (String item : items) {
            for (String tenant : new String[] {null, "acme", "other"}) {
                answered += compare(item, tenant) ? 1 : 0;
            }
        }
        // the plain examples, missing id/timestamp, raw user ids, epoch timestamps, key tenants: all fast
        assertThat(answered).isGreaterThanOrEqualTo(items.size());
    }

    @Test
    void shouldNeverDisagreeWithTheTreePathOnMutatedBytes() throws IOException {
        Random random = new Random(17);
        List<String> items = variants();
        String alphabet = "{}[]\",:0123456789.-eE+ tnrufalsTZx\\";
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder item = new StringBuilder(items.get(random.nextInt(items.size())));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(item.length());
                switch (random.nextInt(3)) {
                    case 0 -> item.deleteCharAt(at);
                    case 1 -> item.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> item.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            answered += compare(item.toString(), random.nextBoolean() ? null : "acme") ? 1 : 0;
        }
        assertThat(answered).as("mutations inside a text value stay valid").isGreaterThan(1_000);
    }

    /** True when the fast path answered (and then agreed); fails the test when they disagree. */
    private static boolean compare(String item, String tenant) {
        byte[] bytes = ("  " + item + "\n").getBytes(StandardCharsets.UTF_8);
        InteractionValidator.Result fast = VALIDATOR.validateFast(bytes, 2, bytes.length - 3, tenant, "http");
        JsonNode tree;
        try {
            tree = JSON.readTree(item);
        } catch (IOException e) {
            assertThat(fast).as("malformed: %s", item).isNull();
            return false;
        }
        if (!(tree instanceof ObjectNode)) {
            assertThat(fast).as("not an object: %s", item).isNull();
            return false;
        }
        boolean idGiven = tree.hasNonNull("interactionId") && tree.get("interactionId").isTextual()
                && !tree.get("interactionId").textValue().isBlank();
        InteractionValidator.Result slow = VALIDATOR.validate(tree, tenant, "http");
        if (fast == null) {
            return false;
        }
        assertThat(slow.errors()).as("fast path accepted what the tree path rejects: %s", item).isEmpty();
        assertThat(fast.warnings()).isEqualTo(slow.warnings());
        Interaction expected = slow.interaction();
        if (!idGiven) {
            assertThat(fast.interaction().getInteractionId()).hasSize(36); // a random UUID on both paths
            expected.setInteractionId(fast.interaction().getInteractionId());
        }
        assertThat(fast.interaction()).as(item).isEqualTo(expected);
        return true;
    }

    private static List<String> variants() throws IOException {
        List<String> base = new ArrayList<>();
        Path examples = Path.of("..", "docs", "examples", "interactions.ndjson");
        for (String line : Files.readAllLines(examples)) {
            if (!line.isBlank()) {
                base.add(line);
            }
        }
        assertThat(base).hasSizeGreaterThanOrEqualTo(4);
        List<String> variants = new ArrayList<>();
        for (String line : base) {
            ObjectNode item = (ObjectNode) JSON.readTree(line);
            item.put("timestamp", "2026-11-24T09:59:00Z");
            variants.add(item.toString());
            variants.add(item.deepCopy().put("timestamp", 1_795_600_000_000L).toString());
            variants.add(item.deepCopy().put("timestamp", "2026-11-24T10:59:00.5+01:00").toString());
            ObjectNode noId = item.deepCopy();
            noId.remove("interactionId");
            noId.remove("timestamp");
            variants.add(noId.toString());
            variants.add(item.deepCopy().put("interactionId", "  ").putNull("timestamp").toString());
            variants.add(item.deepCopy().put("userId", "u-1").put("sessionId", "s-1").toString());
            variants.add(item.deepCopy().putNull("userId").put("receivedAt", "x").put("source", 5).toString());
            variants.add(item.deepCopy().put("userId", "u-1").put("userIdHash", "h").toString()); // error
            variants.add(item.deepCopy().put("unknownField", 1).toString()); // a warning: tree path
            variants.add(item.deepCopy().put("latencyMs", -1).toString()); // an error
            variants.add(item.deepCopy().put("latencyMs", 12.5).toString()); // a type error
            // a skipped field holding an object with a repeated key: the tree path refuses the line
            variants.add("{\"receivedAt\":{\"x\":1,\"x\":2}," + item.toString().substring(1));
            ObjectNode noTenant = item.deepCopy();
            noTenant.remove("tenant");
            variants.add(noTenant.toString()); // valid only with an API key
        }
        return variants;
    }
}
