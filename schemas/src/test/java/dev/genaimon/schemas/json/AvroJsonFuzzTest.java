package dev.genaimon.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.Samples;
import dev.genaimon.schemas.avro.Interaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any JSON value either parses or yields errors that each name a path and a reason; nothing throws. */
class AvroJsonFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode VALID = AvroJson.toJson(Samples.fullInteraction("f"));

    @Property(tries = 2000)
    void mutatedInteractionsParseOrExplainWhy(@ForAll("mutatedInteractions") JsonNode json) {
        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(json, Interaction.class, 10_000);

        if (parsed.valid()) {
            assertThat(parsed.record()).isNotNull();
        } else {
            assertThat(parsed.record()).isNull();
            assertThat(parsed.errors()).allSatisfy(e -> {
                assertThat(e.path()).isNotBlank();
                assertThat(e.message()).isNotBlank();
            });
        }
    }

    @Provide
    Arbitrary<JsonNode> mutatedInteractions() {
        List<String> paths = new ArrayList<>();
        collectPaths(VALID, "", paths);
        Arbitrary<JsonNode> replacement = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(JsonNodeFactory.instance::textNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
                Arbitraries.just(JsonNodeFactory.instance.nullNode()),
                Arbitraries.just(JsonNodeFactory.instance.arrayNode().add(1)),
                Arbitraries.just(JsonNodeFactory.instance.objectNode().put("x", 1)));
        return Arbitraries.of(paths).flatMap(path -> replacement.map(value -> {
            ObjectNode copy = VALID.deepCopy();
            replace(copy, path, value);
            return copy;
        }));
    }

    private static void collectPaths(JsonNode node, String prefix, List<String> out) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String path = prefix + "/" + name;
                out.add(path);
                collectPaths(node.get(name), path, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(prefix + "/" + i);
                collectPaths(node.get(i), prefix + "/" + i, out);
            }
        }
    }

    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else if (parent.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
        }
    }

    @Property(tries = 500)
    void arbitraryTextNeverBreaksTheParser(@ForAll String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception e) {
            return; // not JSON at all: the HTTP layer rejects it before the codec
        }
        if (json != null) {
            AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(json, Interaction.class, 100);
            assertThat(parsed.valid() || !parsed.errors().isEmpty()).isTrue();
        }
    }
}
