package dev.genaimon.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenario's schedule turned into traffic, driven by a test clock. */
class DemoDriverTest {

    private static final DemoTemplates TEMPLATES = DemoTemplates.load();
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    /** Collects what the driver sends. */
    static final class Collected implements DemoDriver.Sink {
        final List<Map<String, Object>> interactions = new ArrayList<>();
        final List<Map<String, Object>> feedback = new ArrayList<>();

        @Override
        public void interaction(Map<String, Object> interaction) {
            interactions.add(interaction);
        }

        @Override
        public void feedback(Map<String, Object> rating) {
            feedback.add(rating);
        }
    }

    /** Runs the driver like the demo does, a step every 200 ms of the test clock. */
    private static Collected run(double speed, Duration length, long seed) {
        DemoScenario scenario = DemoScenario.standard(speed);
        Collected sink = new Collected();
        MutableClock clock = new MutableClock(START);
        DemoDriver driver = new DemoDriver(scenario, new DemoTraffic(TEMPLATES, seed, "run"), sink, clock.instant());
        while (clock.instant().isBefore(START.plus(length))) {
            clock.advance(Duration.ofMillis(200));
            driver.step(clock.instant());
        }
        assertThat(driver.interactionsSent()).isEqualTo(sink.interactions.size());
        assertThat(driver.feedbackSent()).isEqualTo(sink.feedback.size());
        return sink;
    }

    @Test
    void eachSegmentSendsAtItsRate() {
        Collected sent = run(1, Duration.ofSeconds(180), 1);
        for (DemoSegment segment : DemoScenario.standard(1).segments()) {
            long count = sent.interactions.stream().filter(i -> segmentOf(i).equals(segment.id())).count();
            assertThat(count).as(segment.id()).isBetween((long) (segment.ratePerSecond() * 180) - 1,
                    (long) (segment.ratePerSecond() * 180));
        }
        assertThat(sent.feedback).hasSizeBetween((int) (0.08 * sent.interactions.size()),
                (int) (0.16 * sent.interactions.size()));
    }

    @Test
    void incidentsHappenOnlyOnTheirSegmentAndOnlyWhileScheduled() {
        Collected sent = run(1, Duration.ofSeconds(180), 2);
        DemoTemplates.Pii pii = TEMPLATES.pii();
        for (Map<String, Object> interaction : sent.interactions) {
            double second = Duration.between(START, Instant.parse((String) interaction.get("timestamp"))).toMillis()
                    / 1000.0;
            String segment = segmentOf(interaction);
            String prompt = String.valueOf(((List<?>) interaction.get("messages")).get(0));
            boolean attack = TEMPLATES.attacks().stream().anyMatch(prompt::contains);
            boolean leak = pii.emails().stream().anyMatch(String.valueOf(interaction.get("response"))::contains);
            boolean rollout = DemoScenario.ROLLOUT_VERSION.equals(
                    ((Map<?, ?>) interaction.get("promptTemplate")).get("version"));
            boolean throttled = interaction.containsKey("status");
            long inputTokens = ((Number) ((Map<?, ?>) interaction.get("usage")).get("inputTokens")).longValue();
            assertThat(attack).as("attack at %s on %s", second, segment)
                    .isEqualTo(attack && segment.equals(DemoScenario.GLOBEX_SUPPORT.id()) && second >= 35 && second < 75);
            assertThat(leak).isEqualTo(leak && segment.equals(DemoScenario.ACME_SUPPORT.id()) && second >= 45
                    && second < 85);
            assertThat(rollout).isEqualTo(segment.equals(DemoScenario.ACME_DOCS.id()) && second >= 55 && second < 100);
            assertThat(throttled).isEqualTo(throttled && segment.equals(DemoScenario.GLOBEX_SHOP.id()) && second >= 70
                    && second < 110);
            assertThat(inputTokens > 50_000).isEqualTo(segment.equals(DemoScenario.INITECH_RESEARCH.id())
                    && second >= 85 && second < 120);
        }
        assertThat(sent.interactions.stream().filter(i -> TEMPLATES.attacks().stream()
                .anyMatch(String.valueOf(((List<?>) i.get("messages")).get(0))::contains))).hasSizeGreaterThan(50);
        assertThat(sent.interactions.stream().filter(i -> i.containsKey("status"))).hasSizeGreaterThan(30);
    }

    @Test
    void aFasterScenarioSendsTheSameTrafficPerIncidentInLessTime() {
        Collected slow = run(1, Duration.ofSeconds(180), 3);
        Collected fast = run(3, Duration.ofSeconds(60), 3);
        assertThat(fast.interactions.size()).isBetween(slow.interactions.size() - 6, slow.interactions.size() + 6);
        long slowRollout = slow.interactions.stream().filter(DemoDriverTest::rollout).count();
        long fastRollout = fast.interactions.stream().filter(DemoDriverTest::rollout).count();
        assertThat(fastRollout).isBetween(slowRollout - 5, slowRollout + 5);
    }

    @Test
    void sameSeedSameTraffic() {
        assertThat(run(1, Duration.ofSeconds(20), 7).interactions).isEqualTo(run(1, Duration.ofSeconds(20), 7)
                .interactions);
        assertThat(run(1, Duration.ofSeconds(20), 7).interactions).isNotEqualTo(run(1, Duration.ofSeconds(20), 8)
                .interactions);
    }

    @Test
    void theScheduleLeavesTimeToRecoverWithinThreeMinutes() {
        DemoScenario scenario = DemoScenario.standard(1);
        assertThat(scenario.incidents()).extracting(DemoScenario.Scheduled::kind)
                .containsExactlyInAnyOrder(IncidentKind.values());
        assertThat(scenario.incidents()).allSatisfy(i -> {
            assertThat(i.start()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(Duration.between(Instant.EPOCH.plus(i.start()), Instant.EPOCH.plus(i.end())))
                    .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(45));
        });
        assertThat(scenario.lastIncidentEnd()).isLessThanOrEqualTo(Duration.ofSeconds(120));
        assertThat(scenario.incidents().stream().map(i -> i.segment().id()).distinct()).hasSize(5);
        assertThat(DemoScenario.standard(3).lastIncidentEnd()).isEqualTo(Duration.ofSeconds(40));
        assertThat(scenario.activeOn(DemoScenario.INITECH_DOCS, Duration.ofSeconds(90))).isEmpty();
        assertThat(scenario.activeOn(DemoScenario.ACME_DOCS, Duration.ofSeconds(90)))
                .containsExactly(IncidentKind.ROLLOUT);
    }

    private static boolean rollout(Map<String, Object> interaction) {
        return DemoScenario.ROLLOUT_VERSION.equals(((Map<?, ?>) interaction.get("promptTemplate")).get("version"));
    }

    private static String segmentOf(Map<String, Object> interaction) {
        return interaction.get("tenant") + "/" + interaction.get("app") + "/"
                + ((Map<?, ?>) interaction.get("model")).get("deployment");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
