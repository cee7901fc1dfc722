package dev.genaimon.evaluators.judge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JudgeSettingsTest {

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void shouldApplyDefaultsAndChooseEntraIdForAzureWithoutAKey() {
        JudgeSettings s = JudgeSettings.from(settings("judge.endpoint", "https://acme.openai.azure.com/",
                "judge.deployment", "gpt-4o-mini"), name -> null);

        assertThat(s.endpoint()).isEqualTo("https://acme.openai.azure.com");
        assertThat(s.kind()).isEqualTo(JudgeSettings.Kind.AZURE);
        assertThat(s.auth()).isEqualTo(JudgeSettings.Auth.ENTRA);
        assertThat(s.maxConcurrency()).isEqualTo(4);
        assertThat(s.requestsPerMinute()).isEqualTo(60);
        assertThat(s.tokensPerHour()).isEqualTo(200_000);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.passThreshold()).isEqualTo(4);
        assertThat(s.jsonMode()).isTrue();
    }

    @Test
    void shouldReadAnOpenAiCompatibleEndpointWithoutAuthentication() {
        JudgeSettings s = JudgeSettings.from(settings("judge.endpoint", "http://127.0.0.1:11434/v1",
                "judge.kind", "openai", "judge.model", "llama3.1:8b", "judge.timeout", "2m",
                "judge.breaker.cool-down", "PT45S", "judge.price.input-per-1k", "0.00015"), name -> null);

        assertThat(s.auth()).isEqualTo(JudgeSettings.Auth.NONE);
        assertThat(s.model()).isEqualTo("llama3.1:8b");
        assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.breakerCoolDown()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.cost(2_000, 0)).isEqualTo(0.0003);
    }

    @Test
    void shouldTakeTheKeyFromTheNamedEnvironmentVariableAndNeverPrintIt() {
        JudgeSettings s = JudgeSettings.from(settings("judge.endpoint", "https://acme.openai.azure.com",
                "judge.deployment", "gpt-4o", "judge.api-key-env", "AZURE_OPENAI_KEY"),
                name -> name.equals("AZURE_OPENAI_KEY") ? "s3cret" : null);

        assertThat(s.auth()).isEqualTo(JudgeSettings.Auth.KEY);
        assertThat(s.apiKey()).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        Map<String, String> base = settings("judge.endpoint", "https://acme.openai.azure.com",
                "judge.deployment", "gpt-4o", "judge.api-key", "k");

        assertThatThrownBy(() -> JudgeSettings.from(with(base, "judge.max-concurrency", "0"), n -> null))
                .hasMessageContaining("judge.max-concurrency must be >= 1");
        assertThatThrownBy(() -> JudgeSettings.from(with(base, "judge.timeout", "soon"), n -> null))
                .hasMessageContaining("judge.timeout must be a duration");
        assertThatThrownBy(() -> JudgeSettings.from(with(base, "judge.kind", "bedrock"), n -> null))
                .hasMessageContaining("judge.kind must be one of [azure, openai]");
        assertThatThrownBy(() -> JudgeSettings.from(with(base, "judge.pass-threshold", "6"), n -> null))
                .hasMessageContaining("judge.pass-threshold must be 1..5");
        assertThatThrownBy(() -> JudgeSettings.from(with(base, "judge.endpoint", "acme.openai.azure.com"), n -> null))
                .hasMessageContaining("judge.endpoint must be an http(s) URL");
        Map<String, String> noKey = with(base, "judge.api-key", "");
        noKey.put("judge.api-key-env", "MISSING_VAR");
        assertThatThrownBy(() -> JudgeSettings.from(noKey, n -> null))
                .hasMessageContaining("MISSING_VAR, which is not set");
        Map<String, String> noModel = with(base, "judge.deployment", "");
        assertThatThrownBy(() -> JudgeSettings.from(noModel, n -> null))
                .hasMessageContaining("judge.deployment (Azure) or judge.model");
        assertThatThrownBy(() -> JudgeSettings.from(settings("judge.endpoint", "http://127.0.0.1:1/v1",
                "judge.kind", "openai", "judge.model", "m", "judge.auth", "entra"), n -> null))
                .hasMessageContaining("judge.auth=entra needs judge.kind=azure");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
