package dev.genaimon.app.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the scenario into traffic: each {@link #step} sends what every segment produced since the previous step, at
 * the segment's rate (times the scenario's speed), with timestamps spread over the interval and the incidents active
 * at each timestamp. Time comes from the caller, so tests drive it with any clock.
 */
final class DemoDriver {

    /** Where the traffic goes: the ingest API in the demo, a list in tests. */
    interface Sink {
        void interaction(Map<String, Object> interaction);

        void feedback(Map<String, Object> feedback);
    }

    private final DemoScenario scenario;
    private final DemoTraffic traffic;
    private final Sink sink;
    private final Instant start;
    private final Map<DemoSegment, Double> owed = new HashMap<>();
    private Instant last;
    private long interactions;
    private long feedback;

    DemoDriver(DemoScenario scenario, DemoTraffic traffic, Sink sink, Instant start) {
        this.scenario = scenario;
        this.traffic = traffic;
        this.sink = sink;
        this.start = start;
        this.last = start;
    }

    /** Sends the traffic of (previous step, now]. @return the interactions sent */
    int step(Instant now) {
        if (!now.isAfter(last)) {
            return 0;
        }
        long intervalMillis = Duration.between(last, now).toMillis();
        int sent = 0;
        for (DemoSegment segment : scenario.segments()) {
            double due = owed.getOrDefault(segment, 0.0)
                    + segment.ratePerSecond() * scenario.speed() * intervalMillis / 1000.0;
            int count = (int) Math.floor(due);
            owed.put(segment, due - count);
            for (int i = 0; i < count; i++) {
                Instant at = last.plusMillis(Math.round((i + 0.5) * intervalMillis / count));
                Set<IncidentKind> active = scenario.activeOn(segment, Duration.between(start, at));
                Map<String, Object> interaction = traffic.interaction(segment, at, active);
                sink.interaction(interaction);
                sent++;
                Map<String, Object> rating = traffic.feedback(interaction, active);
                if (rating != null) {
                    sink.feedback(rating);
                    feedback++;
                }
            }
        }
        interactions += sent;
        last = now;
        return sent;
    }

    Instant start() {
        return start;
    }

    long interactionsSent() {
        return interactions;
    }

    long feedbackSent() {
        return feedback;
    }
}
