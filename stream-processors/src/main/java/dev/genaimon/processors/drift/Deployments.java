package dev.genaimon.processors.drift;

import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeploymentEvent;
import dev.genaimon.schemas.avro.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link DeploymentEvent} on {@code genaimon.deployments.v1} means for the drift comparison of one
 * segment-window. The drift stage keeps the newest event per deployment (a global table keyed by deployment); an event
 * applies to a segment when its {@code deployment} is the segment's {@code model} label (the deployment when the
 * interaction names one, else the model name; see {@code Segments}) and, if it has a {@code segmentPattern}, the
 * pattern matches the segment; and only to windows that end after the event's {@code at} (windows before a rollout
 * keep the operator's baselines).
 *
 * <ul>
 *   <li>Baseline: the event's {@code baselineId} when it names one (whether or not that baseline is marked active:
 *   the event is what activates it for these segments); else, for a {@code rollout} or {@code canary_start}, the
 *   deployment's evaluation baseline (the newest most specific active {@code evaluation} baseline matching the
 *   segment): a new model or prompt is first held against the data set it was evaluated on; otherwise (a
 *   {@code rollback}, {@code canary_end}, {@code baseline_activate} without id, or no such baseline) the usual
 *   selection of {@link Baselines#select}.</li>
 *   <li>Settling: after {@code canary_start} until the deployment's next event, and for {@code drift.settling}
 *   (default 0: off) after a {@code rollout} or {@code rollback}, a window is still compared and reported, but it
 *   publishes no {@code .detected} signals and restarts every feature's streak, so a change the rollout was meant to
 *   make does not page anyone and counting consecutive windows starts once traffic has settled.</li>
 * </ul>
 */
final class Deployments {

    static final String ROLLOUT = "rollout";
    static final String ROLLBACK = "rollback";
    static final String CANARY_START = "canary_start";
    static final String CANARY_END = "canary_end";
    static final String BASELINE_ACTIVATE = "baseline_activate";

    /** The segment label that names the deployment. */
    static final String DEPLOYMENT_LABEL = "model";

    private static final Set<String> PREFER_EVALUATION = Set.of(ROLLOUT, CANARY_START);

    /**
     * The event's decision for one window.
     *
     * @param event    the event that decided
     * @param baseline the baseline to compare with, empty for the usual selection
     * @param settling whether the window falls in a canary or settling period
     */
    record Decision(DeploymentEvent event, Optional<BaselineProfile> baseline, boolean settling) {

        /** For the report's method and the signals' evidence. */
        String describe() {
            return (settling ? "settling after " : "after ") + event.getKind() + " " + event.getEventId() + " of "
                    + event.getDeployment();
        }
    }

    private Deployments() {
    }

    /** The deployment whose newest event applies to the segment, or null when the segment carries none. */
    static String deploymentOf(Segment segment) {
        return segment.getLabels() == null ? null : segment.getLabels().get(DEPLOYMENT_LABEL);
    }

    /**
     * @param event     the newest event of the segment's deployment, or null
     * @param baselines every stored baseline (active or not)
     * @param settling  how long windows stay settling after a rollout or rollback ({@code drift.settling})
     * @return empty when no event applies to this window
     */
    static Optional<Decision> decide(DeploymentEvent event, Segment segment, Instant windowStart, Instant windowEnd,
                                     Iterable<BaselineProfile> baselines, Duration settling) {
        if (event == null || event.getAt() == null || !event.getAt().isBefore(windowEnd)
                || !event.getDeployment().equals(deploymentOf(segment))
                || (event.getSegmentPattern() != null && !Baselines.matches(event.getSegmentPattern(), segment.getId()))) {
            return Optional.empty();
        }
        Optional<BaselineProfile> baseline = Optional.empty();
        if (event.getBaselineId() != null) {
            for (BaselineProfile b : baselines) {
                if (b != null && b.getBaselineId().equals(event.getBaselineId())) {
                    baseline = Optional.of(b);
                }
            }
        } else if (PREFER_EVALUATION.contains(event.getKind())) {
            List<BaselineProfile> evaluation = new ArrayList<>();
            for (BaselineProfile b : baselines) {
                if (b != null && Baselines.EVALUATION.equals(b.getKind())) {
                    evaluation.add(b);
                }
            }
            baseline = Baselines.select(evaluation, segment.getId());
        }
        boolean settlingWindow = CANARY_START.equals(event.getKind())
                || ((ROLLOUT.equals(event.getKind()) || ROLLBACK.equals(event.getKind()))
                && !settling.isZero() && windowStart.isBefore(event.getAt().plus(settling)));
        return Optional.of(new Decision(event, baseline, settlingWindow));
    }
}
