package dev.genaimon.schemas.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.schemas.avro.Feedback;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FeedbackValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final FeedbackValidator validator = new FeedbackValidator(ItemLimits.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private Validated<Feedback> validate(String json, String tenant) throws Exception {
        return validator.validate(JSON.readTree(json), tenant);
    }

    @Test
    void shouldAcceptEachKindOfFeedbackOnItsOwn() throws Exception {
        for (String body : new String[] {"{\"interactionId\":\"i\",\"thumbs\":\"up\"}",
                "{\"interactionId\":\"i\",\"score\":-1}", "{\"interactionId\":\"i\",\"score\":1.0}",
                "{\"interactionId\":\"i\",\"comment\":\"meh\"}", "{\"interactionId\":\"i\",\"correctedAnswer\":\"42\"}",
                "{\"interactionId\":\"i\",\"labels\":[\"off_topic\"]}"}) {
            assertThat(validate(body, null).errors()).as(body).isEmpty();
        }
    }

    @Test
    void shouldHashTheUserLikeInteractionsDoAndImposeTheKeysTenant() throws Exception {
        Validated<Feedback> result = validate("{\"interactionId\":\"i\",\"thumbs\":\"down\",\"userId\":\"bob\","
                + "\"tenant\":\"other\"}", "acme");

        assertThat(result.record().getUserIdHash()).isEqualTo(InteractionValidator.hash("genaimon", "bob"));
        assertThat(result.record().getTenant()).isEqualTo("acme");
        assertThat(result.warnings()).singleElement().asString().contains("replaced by the API key's tenant");
    }

    @Test
    void shouldRejectWhatTheSchemaCannotSay() throws Exception {
        assertThat(validate("{\"interactionId\":\"i\",\"score\":-1.01}", null).errors())
                .extracting(ItemError::path).containsExactly("score");
        assertThat(validate("{\"interactionId\":\"i\",\"thumbs\":\"UP\"}", null).errors())
                .extracting(ItemError::path).containsExactly("thumbs");
        assertThat(validate("{\"interactionId\":\"i\",\"labels\":[]}", null).errors())
                .extracting(ItemError::path).containsExactly("$");
        assertThat(validate("{\"interactionId\":\"i\",\"labels\":[\"\"]}", null).errors())
                .extracting(ItemError::path).containsExactly("labels[0]");
        assertThat(validate("{\"interactionId\":\"i\",\"thumbs\":\"up\",\"timestamp\":\"2026-12-23T12:00:00Z\"}",
                null).errors()).extracting(ItemError::path).containsExactly("timestamp");
        assertThat(validate("{\"interactionId\":\"\",\"thumbs\":\"up\"}", null).errors())
                .extracting(ItemError::path).containsExactly("interactionId");
        assertThat(validate("{\"interactionId\":\"i\",\"thumbs\":\"up\",\"userId\":\"a\",\"userIdHash\":\"b\"}",
                null).errors()).extracting(ItemError::path).containsExactly("userId");
    }
}
