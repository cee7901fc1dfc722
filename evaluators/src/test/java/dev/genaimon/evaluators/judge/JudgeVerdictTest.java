package dev.genaimon.evaluators.judge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeVerdictTest {

    @Test
    void shouldAcceptAnIntegerScoreWithAReason() {
        JudgeVerdict verdict = JudgeVerdict.parse(" {\"score\": 3, \"reason\": \" Partly supported. \", \"extra\": 1} ");

        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.score()).isEqualTo(3);
        assertThat(verdict.reason()).isEqualTo("Partly supported.");
    }

    @Test
    void shouldAcceptAWholeNumberWrittenAsDecimalAndACodeFence() {
        JudgeVerdict verdict = JudgeVerdict.parse("```json\n{\"score\": 5.0, \"reason\": \"ok\"}\n```");

        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.score()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "I would give it a 4.",
        "[4, \"ok\"]",
        "{\"score\": \"4\", \"reason\": \"ok\"}",
        "{\"score\": 4.5, \"reason\": \"ok\"}",
        "{\"score\": 0, \"reason\": \"ok\"}",
        "{\"score\": 6, \"reason\": \"ok\"}",
        "{\"score\": 4}",
        "{\"score\": 4, \"reason\": 7}",
        "{\"score\": 4, \"reason\": \"ok\"} and some prose",
        "Sure! {\"score\": 4, \"reason\": \"ok\"}"
    })
    void shouldRejectAnythingElse(String text) {
        JudgeVerdict verdict = JudgeVerdict.parse(text);

        assertThat(verdict.valid()).as(text).isFalse();
        assertThat(verdict.problem()).isNotBlank();
    }

    @Test
    void shouldShortenAnOverlongReason() {
        JudgeVerdict verdict = JudgeVerdict.parse("{\"score\": 2, \"reason\": \"" + "x".repeat(2000) + "\"}");

        assertThat(verdict.reason()).hasSize(501);
    }
}
