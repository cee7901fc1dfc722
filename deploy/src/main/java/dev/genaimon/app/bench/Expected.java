package dev.genaimon.app.bench;

import dev.genaimon.processors.eval.SampleHash;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pipeline must produce from a known input, computed from the input alone (never from the output).
 *
 * @param ids          every interaction id written to the raw topic (data and closers)
 * @param sampled      ids the sampler must request (hash below the rate; no cap, no boosts)
 * @param scoreKeys    {@code <id>/<evaluator>} of every score the worker must publish
 * @param windowCounts data interactions per {@code <segment id>|<window start>} (one-minute windows)
 * @param segments     segment ids of the data
 * @param deployments  model-deployment label values of the data's segments (one retraining trigger each)
 * @param rule         the alert rule whose alerts and triggers are checked
 */
public record Expected(Set<String> ids, Set<String> sampled, Set<String> scoreKeys, Map<String, Long> windowCounts,
                       Set<String> segments, Set<String> deployments, String rule) {

    static Expected of(List<Interaction> data, List<Interaction> closers, Segments segmentation, Duration window,
                       double rate, List<String> evaluators, String rule) {
        Set<String> ids = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        Set<String> scoreKeys = new HashSet<>();
        Map<String, Long> counts = new HashMap<>();
        Set<String> segments = new HashSet<>();
        Set<String> deployments = new HashSet<>();
        for (List<Interaction> list : List.of(data, closers)) {
            for (Interaction interaction : list) {
                String id = interaction.getInteractionId();
                ids.add(id);
                if (SampleHash.unit(id) < rate) {
                    sampled.add(id);
                    evaluators.forEach(e -> scoreKeys.add(id + "/" + e));
                }
            }
        }
        for (Interaction interaction : data) {
            Segment segment = segmentation.of(interaction);
            segments.add(segment.getId());
            deployments.add(segment.getLabels().get("model"));
            counts.merge(windowKey(segment.getId(), windowStart(interaction.getTimestamp(), window)), 1L, Long::sum);
        }
        return new Expected(ids, sampled, scoreKeys, counts, segments, deployments, rule);
    }

    static Instant windowStart(Instant time, Duration window) {
        long size = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), size) * size);
    }

    static String windowKey(String segment, Instant windowStart) {
        return segment + "|" + windowStart;
    }
}
