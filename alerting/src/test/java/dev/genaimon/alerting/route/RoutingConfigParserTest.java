package dev.genaimon.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingConfigParserTest {

    private static final Set<String> TYPES = Set.of("webhook", "slack", "pagerduty", "log");

    private static RoutingConfig parse(String yaml, Map<String, String> env) {
        return RoutingConfigParser.parse("routing.yaml", yaml, env::get, TYPES, r -> {
            if (r.type().equals("webhook")) {
                r.required("url");
            }
        });
    }

    private static final String VALID = """
            route:
              receiver: default
              group_by: [alertname, tenant]
              group_wait: 10s
              routes:
                - matchers: ['severity="critical"', 'tenant=~"acme|globex"']
                  receiver: pager
                  continue: true
                  group_interval: 1m
                - matchers: ['severity!="info"']
                  receiver: hooks
            receivers:
              - name: default
                log_configs: [{}]
              - name: pager
                pagerduty_configs:
                  - routing_key: ${PD_KEY}
                    send_resolved: false
              - name: hooks
                webhook_configs: [{url: 'http://127.0.0.1:9000/x'}]
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [tenant]
            """;

    @Test
    void shouldReadTheAlertmanagerShapeWithInheritanceAndEnvironmentSecrets() {
        RoutingConfig config = parse(VALID, Map.of("PD_KEY", "from-env"));
        Route root = config.root();
        assertThat(root.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(root.repeatInterval()).isEqualTo(Duration.ofHours(4));
        Route pager = root.routes().get(0);
        assertThat(pager.id()).isEqualTo("0.0");
        assertThat(pager.groupBy()).containsExactly("alertname", "tenant");
        assertThat(pager.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pager.groupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.receivers().get("pager").settings()).containsEntry("routing_key", "from-env");
        assertThat(config.receivers().get("pager").sendResolved()).isFalse();
        assertThat(config.receivers().get("hooks").sendResolved()).isTrue();
        assertThat(config.inhibitRules()).singleElement().satisfies(r -> assertThat(r.equal()).containsExactly("tenant"));
    }

    @Test
    void shouldRouteToTheDeepestMatchAndContinue() {
        Route root = parse(VALID, Map.of("PD_KEY", "k")).root();
        assertThat(root.match(Map.of("severity", "critical", "tenant", "acme"))).extracting(Route::receiver)
                .containsExactly("pager", "hooks");
        assertThat(root.match(Map.of("severity", "critical", "tenant", "initech"))).extracting(Route::receiver)
                .containsExactly("hooks");
        assertThat(root.match(Map.of("severity", "info"))).extracting(Route::receiver).containsExactly("default");
    }

    @Test
    void shouldReportEveryProblemWithFileLineAndReason() {
        String bad = """
                route:
                  receiver: nobody
                  group_wait: soon
                  routes:
                    - matchers: ['severity=="critical"']
                      receiver: hooks
                receivers:
                  - name: hooks
                    webhook_configs: [{}]
                  - name: pager
                    pagerduty_configs: [{routing_key: '${MISSING}'}]
                  - name: twice
                    slack_configs: [{api_url: x}]
                    webhook_configs: [{url: y}]
                inhibit_rules:
                  - source_matchers: ['severity="critical"']
                """;
        assertThatThrownBy(() -> parse(bad, Map.of()))
                .isInstanceOfSatisfying(RoutingConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "routing.yaml:9: webhook receiver 'hooks' needs 'url'",
                        "routing.yaml:11: environment variable MISSING is not set",
                        "routing.yaml:12: receiver 'twice' needs exactly one '<type>_configs' with one entry, found 2",
                        "routing.yaml:3: invalid duration 'soon' (expected e.g. 500ms, 30s, 5m, 4h, 1d)",
                        "routing.yaml:5: matchers: invalid matcher 'severity==\"critical\"': expected name=\"value\","
                                + " name!=\"value\", name=~\"regex\" or name!~\"regex\"",
                        "routing.yaml:2: unknown receiver 'nobody' (defined: [hooks, pager])",
                        "routing.yaml:16: an inhibit rule needs 'source_matchers' and 'target_matchers'"));
    }

    @Test
    void shouldRejectUnknownKeysAndBadYaml() {
        assertThatThrownBy(() -> parse("route:\n  reciever: x\nreceivers: []\n", Map.of()))
                .hasMessageContaining("routing.yaml:2: unknown key 'reciever' in a route");
        assertThatThrownBy(() -> parse("route: [\n", Map.of()))
                .hasMessageContaining("routing.yaml:2: not valid YAML");
        assertThatThrownBy(() -> parse("route: {receiver: a}\nreceivers:\n  - name: a\n    sms_configs: [{}]\n",
                Map.of())).hasMessageContaining("routing.yaml:4: receiver 'a': unknown key 'sms_configs'");
    }

    @Test
    void shouldParseMatchers() {
        assertThat(LabelMatcher.parse("severity=\"critical\"").matches(Map.of("severity", "critical"))).isTrue();
        assertThat(LabelMatcher.parse("team=~\"db|infra\"").matches(Map.of("team", "db2"))).isFalse();
        assertThat(LabelMatcher.parse("team=~db.*").matches(Map.of("team", "db2"))).isTrue();
        assertThat(LabelMatcher.parse("env!=\"dev\"").matches(Map.of())).isTrue();
        assertThat(LabelMatcher.parse("env!~\"dev|test\"").matches(Map.of("env", "test"))).isFalse();
        assertThat(LabelMatcher.parse("msg=\"say \\\"hi\\\"\"").value()).isEqualTo("say \"hi\"");
        assertThatThrownBy(() -> LabelMatcher.parse("x=~\"(\"")).hasMessageContaining("invalid regular expression");
    }
}
