package dev.genaimon.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.schemas.validate.InteractionValidator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated bodies through decoder, mapper and validator (everything the handler does before publishing):
 * the only failure is {@link MalformedOtlpException} (a 400), never another exception (a 500); every span is
 * accounted for, and every rejection says why.
 */
class OtlpFuzzTest {

    private static final byte[] VALID_PROTOBUF = OtlpSamples.request(OtlpSamples.defaultResource(),
            OtlpSamples.fullChatSpan(), OtlpSamples.toolSpan(OtlpSamples.TOOL_SPAN_ID, OtlpSamples.CHAT_SPAN_ID,
                    "call_1", 1600)).toByteArray();
    private static final byte[] VALID_JSON = OtlpCodecTest.sample();

    private final GenAiSpanMapper mapper = new GenAiSpanMapper(256);
    private final InteractionValidator validator = new InteractionValidator(IngestSettings.defaults().itemLimits(),
            Clock.fixed(OtlpSamples.START.plusSeconds(60), ZoneOffset.UTC));

    @Property(tries = 2000)
    void shouldSurviveMutatedProtobufBodies(@ForAll("mutatedProtobuf") byte[] body) {
        assertDecodesOrFailsCleanly(body, OtlpEncoding.PROTOBUF);
    }

    @Property(tries = 2000)
    void shouldSurviveMutatedJsonBodies(@ForAll("mutatedJson") byte[] body) {
        assertDecodesOrFailsCleanly(body, OtlpEncoding.JSON);
    }

    @Property(tries = 1000)
    void shouldSurviveRandomBytesInEitherEncoding(@ForAll byte[] body) {
        assertDecodesOrFailsCleanly(body, OtlpEncoding.PROTOBUF);
        assertDecodesOrFailsCleanly(body, OtlpEncoding.JSON);
    }

    private void assertDecodesOrFailsCleanly(byte[] body, OtlpEncoding encoding) {
        ExportTraceServiceRequest request;
        try {
            request = OtlpCodec.decode(body, encoding);
        } catch (MalformedOtlpException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        OtlpMapping mapping = mapper.map(request);
        int mappedSpans = mapping.interactions().stream().mapToInt(OtlpMapping.MappedInteraction::spans).sum();
        assertThat(mappedSpans + mapping.rejections().size() + mapping.ignored()).isEqualTo(mapping.received());
        mapping.rejections().forEach(r -> {
            assertThat(r.reason()).matches("[a-z_]+");
            assertThat(r.message()).isNotBlank();
        });
        for (OtlpMapping.MappedInteraction interaction : mapping.interactions()) {
            InteractionValidator.Result result = validator.validate(interaction.json(), null, "otlp");
            assertThat(result.valid() ? result.interaction() != null : !result.errors().isEmpty()).isTrue();
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedProtobuf() {
        return mutations(VALID_PROTOBUF);
    }

    @Provide
    Arbitrary<byte[]> mutatedJson() {
        Arbitrary<byte[]> bytes = mutations(VALID_JSON);
        // also swap in JSON-significant characters, which random bytes rarely hit
        Arbitrary<byte[]> tokens = Combinators.combine(Arbitraries.integers().between(0, VALID_JSON.length - 1),
                Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "0", "-1", "null", "true", "\"x\"", "1e999",
                        "18446744073709551616", "\\u0000")).as((at, token) -> {
                            String text = new String(VALID_JSON, StandardCharsets.UTF_8);
                            int i = Math.min(at, text.length() - 1);
                            return (text.substring(0, i) + token + text.substring(i + 1))
                                    .getBytes(StandardCharsets.UTF_8);
                        });
        return Arbitraries.oneOf(bytes, tokens);
    }

    private static Arbitrary<byte[]> mutations(byte[] valid) {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, valid.length - 1);
        Arbitrary<byte[]> flipped = Combinators.combine(position, Arbitraries.bytes()).as((at, value) -> {
            byte[] copy = valid.clone();
            copy[at] = value;
            return copy;
        });
        Arbitrary<byte[]> truncated = position.map(at -> java.util.Arrays.copyOf(valid, at));
        Arbitrary<byte[]> multiFlipped = Combinators.combine(position.list().ofMinSize(2).ofMaxSize(8),
                Arbitraries.bytes()).as((positions, value) -> {
                    byte[] copy = valid.clone();
                    positions.forEach(at -> copy[at] = (byte) (copy[at] ^ value));
                    return copy;
                });
        return Arbitraries.oneOf(flipped, truncated, multiFlipped);
    }
}
