package dev.genaimon.processors.feedback;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.processors.InteractionEventTime;
import dev.genaimon.processors.eval.EvalSamplerTopology;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.FeedbackWindow;
import dev.genaimon.schemas.avro.GroundTruthExample;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The feedback join. {@code genaimon.feedback.v1} joined to {@code genaimon.interactions.v1} by interaction id (both
 * keyed by it, so no repartition), stream-stream, for feedback that arrives up to {@code before} after its interaction
 * (or up to {@code after} before it: clock skew). Each joined feedback becomes:
 * <ul>
 *   <li>a {@link GroundTruthExample} on {@code genaimon.ground-truth.v1}: origin {@code corrected} when the user gave a
 *   corrected answer, {@code confirmed} when the feedback was positive (the model's answer is right); interactions
 *   without text (metadata-only tenants) give none;</li>
 *   <li>for negative feedback, an {@link EvaluationRequest} with reason {@code negative_feedback} on
 *   {@code genaimon.eval-requests.v1}, so the worker scores it;</li>
 *   <li>per segment and window {@code feedback.count}, {@code feedback.negative_rate} and {@code feedback.mean_score}
 *   signals (final results when the window closes).</li>
 * </ul>
 * Feedback without an interaction in the window is not joined (and not counted).
 *
 * <p>Interactions are kept in the join store trimmed to what the outputs need (the last user message, response,
 * context, ground truth, segment): about {@code before + after + grace} of traffic. Names: join stores
 * {@value #JOIN_STORE}{@code -this-join-store}/{@code -other-join-store}, repartition {@value #REPARTITION}, window
 * store {@value #WINDOWS_STORE}, suppression buffer {@value #FINAL_BUFFER}; processors are prefixed {@code feedback-}.
 */
public final class FeedbackJoinTopology {

    public static final String JOIN_STORE = "feedback-join";
    public static final String REPARTITION = "feedback-by-segment";
    public static final String WINDOWS_STORE = "feedback-windows";
    public static final String FINAL_BUFFER = "feedback-final-windows";

    public static final String ORIGIN_CONFIRMED = "confirmed";
    public static final String ORIGIN_CORRECTED = "corrected";

    static final int MAX_EVIDENCE = 5;

    private FeedbackJoinTopology() {
    }

    /**
     * @param clock stamps {@code createdAt}, {@code requestedAt} and {@code emittedAt}
     */
    public static void build(StreamsBuilder builder, FeedbackJoinSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<FeedbackWindow> windowSerde = serdes.valueSerde(FeedbackWindow.class);
        Segments segments = new Segments(settings.segmentDimensions());

        KStream<String, Interaction> interactions = EventTimeGuard.guard(builder.stream(topics.interactions().name(),
                        Consumed.with(keys, topics.interactions().value())
                                .withTimestampExtractor(new InteractionEventTime()).withName("feedback-interactions")),
                        "feedback-interactions", clock)
                .filter((id, interaction) -> interaction != null, Named.as("feedback-skip-interaction-tombstones"))
                .mapValues(FeedbackJoinTopology::trim, Named.as("feedback-trim-interactions"));
        KStream<String, Feedback> feedback = EventTimeGuard.guard(builder.stream(topics.feedback().name(),
                        Consumed.with(keys, topics.feedback().value())
                                .withTimestampExtractor(new FeedbackEventTime()).withName("feedback-source")),
                        "feedback", clock)
                .filter((id, f) -> f != null, Named.as("feedback-skip-tombstones"));

        KStream<String, Rated> rated = feedback.join(interactions, Rated::new,
                JoinWindows.ofTimeDifferenceAndGrace(settings.before(), settings.grace()).after(settings.after()),
                StreamJoined.with(keys, topics.feedback().value(), topics.interactions().value())
                        .withName(JOIN_STORE).withStoreName(JOIN_STORE));

        rated.flatMapValues(r -> {
                    GroundTruthExample example = groundTruth(r, segments, clock.instant());
                    return example == null ? List.<GroundTruthExample>of() : List.of(example);
                }, Named.as("feedback-ground-truth"))
                .to(topics.groundTruth().name(), Produced.with(keys, topics.groundTruth().value())
                        .withName("feedback-sink-ground-truth"));

        rated.filter((id, r) -> negative(r.feedback()), Named.as("feedback-negative"))
                .mapValues(r -> EvaluationRequest.newBuilder()
                        .setInteractionId(r.interaction().getInteractionId())
                        .setRequestedAt(clock.instant())
                        .setSegment(segmentOf(r.interaction(), segments))
                        .setReasons(List.of(EvalSamplerTopology.REASON_NEGATIVE_FEEDBACK))
                        .setEvaluators(List.of())
                        .setInteraction(r.interaction())
                        .build(), Named.as("feedback-eval-request"))
                .to(topics.evalRequests().name(), Produced.with(keys, topics.evalRequests().value())
                        .withName("feedback-sink-eval-requests"));

        rated.map((id, r) -> {
                    FeedbackWindow one = one(r, segments);
                    return KeyValue.pair(one.getSegment().getId(), one);
                }, Named.as("feedback-measure"))
                .groupByKey(Grouped.with(REPARTITION, keys, windowSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.window(), settings.windowGrace()))
                .reduce(FeedbackJoinTopology::merge, Named.as("feedback-window"),
                        Materialized.<String, FeedbackWindow, WindowStore<Bytes, byte[]>>as(WINDOWS_STORE)
                                .withKeySerde(keys).withValueSerde(windowSerde))
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName(FINAL_BUFFER))
                .toStream(Named.as("feedback-closed-windows"))
                .flatMap((window, w) -> signals(w, window.window().startTime(), window.window().endTime(),
                                clock.instant()).stream()
                        .map(s -> KeyValue.pair(s.getSegment().getId() + "/" + s.getName(), s)).toList(),
                        Named.as("feedback-signals"))
                .to(topics.signals().name(), Produced.with(keys, topics.signals().value())
                        .withName("feedback-sink-signals"));
    }

    /** Feedback on its interaction; only inside the topology. */
    record Rated(Feedback feedback, Interaction interaction) {
    }

    /** A feedback's score in [-1, 1]: the explicit score, else thumbs up 1 / down -1, else null. */
    static Double score(Feedback f) {
        if (f.getScore() != null && Double.isFinite(f.getScore())) {
            return Math.max(-1.0, Math.min(1.0, f.getScore()));
        }
        if ("up".equalsIgnoreCase(f.getThumbs())) {
            return 1.0;
        }
        if ("down".equalsIgnoreCase(f.getThumbs())) {
            return -1.0;
        }
        return null;
    }

    static boolean negative(Feedback f) {
        Double score = score(f);
        return score != null && score < 0;
    }

    static boolean positive(Feedback f) {
        Double score = score(f);
        return score != null && score > 0;
    }

    static GroundTruthExample groundTruth(Rated r, Segments segments, Instant now) {
        Interaction interaction = r.interaction();
        String question = question(interaction);
        if (question == null || question.isBlank()) {
            return null;
        }
        String corrected = r.feedback().getCorrectedAnswer();
        String answer;
        String origin;
        if (corrected != null && !corrected.isBlank()) {
            answer = corrected;
            origin = ORIGIN_CORRECTED;
        } else if (positive(r.feedback()) && interaction.getResponse() != null
                && !interaction.getResponse().isBlank()) {
            answer = interaction.getResponse();
            origin = ORIGIN_CONFIRMED;
        } else {
            return null;
        }
        List<String> context = new ArrayList<>();
        if (interaction.getContext() != null) {
            for (ContextDocument document : interaction.getContext()) {
                context.add(document.getContent());
            }
        }
        return GroundTruthExample.newBuilder()
                .setInteractionId(interaction.getInteractionId())
                .setFeedbackId(r.feedback().getFeedbackId())
                .setSegment(segmentOf(interaction, segments))
                .setQuestion(question)
                .setContext(context)
                .setAnswer(answer)
                .setOrigin(origin)
                .setInteractionTimestamp(interaction.getTimestamp())
                .setCreatedAt(now)
                .build();
    }

    /** The user's last message. */
    static String question(Interaction interaction) {
        if (interaction.getMessages() == null) {
            return null;
        }
        for (int i = interaction.getMessages().size() - 1; i >= 0; i--) {
            Message m = interaction.getMessages().get(i);
            if ("user".equals(m.getRole())) {
                return m.getContent();
            }
        }
        return null;
    }

    /**
     * What the join store keeps of an interaction: everything the outputs and the evaluators read (the last user
     * message, response, context, ground truth, segment dimensions, safety for the segment); not the conversation
     * history, system prompt, tool calls, parameters, attributes or features.
     */
    static Interaction trim(Interaction interaction) {
        Interaction trimmed = Interaction.newBuilder(interaction).build();
        String question = question(interaction);
        trimmed.setMessages(question == null ? null : new ArrayList<>(List.of(new Message("user", question, null))));
        trimmed.setSystemPrompt(null);
        trimmed.setToolCalls(null);
        trimmed.setParameters(null);
        trimmed.setAttributes(null);
        trimmed.setFeatures(null);
        return trimmed;
    }

    static Segment segmentOf(Interaction interaction, Segments segments) {
        return interaction.getSafety() != null && interaction.getSafety().getSegment() != null
                ? interaction.getSafety().getSegment() : segments.of(interaction);
    }

    static FeedbackWindow one(Rated r, Segments segments) {
        Double score = score(r.feedback());
        boolean negative = score != null && score < 0;
        return FeedbackWindow.newBuilder()
                .setSegment(segmentOf(r.interaction(), segments))
                .setFeedback(1)
                .setNegative(negative ? 1 : 0)
                .setScored(score == null ? 0 : 1)
                .setScoreSum(score == null ? 0.0 : score)
                .setNegativeIds(negative ? new ArrayList<>(List.of(r.interaction().getInteractionId()))
                        : new ArrayList<>())
                .build();
    }

    static FeedbackWindow merge(FeedbackWindow a, FeedbackWindow b) {
        List<String> ids = new ArrayList<>(a.getNegativeIds());
        for (String id : b.getNegativeIds()) {
            if (ids.size() < MAX_EVIDENCE && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return FeedbackWindow.newBuilder()
                .setSegment(a.getSegment())
                .setFeedback(a.getFeedback() + b.getFeedback())
                .setNegative(a.getNegative() + b.getNegative())
                .setScored(a.getScored() + b.getScored())
                .setScoreSum(a.getScoreSum() + b.getScoreSum())
                .setNegativeIds(ids)
                .build();
    }

    static List<Signal> signals(FeedbackWindow w, Instant start, Instant end, Instant now) {
        List<Signal> signals = new ArrayList<>();
        signals.add(signal(w, "feedback.count", w.getFeedback(), w.getFeedback(), null, start, end, now));
        Evidence negatives = Evidence.newBuilder().setInteractionIds(new ArrayList<>(w.getNegativeIds()))
                .setWindowStart(start).setWindowEnd(end)
                .setNote(String.format(Locale.ROOT, "%d of %d feedback negative", w.getNegative(), w.getFeedback()))
                .build();
        signals.add(signal(w, "feedback.negative_rate", (double) w.getNegative() / w.getFeedback(), w.getFeedback(),
                negatives, start, end, now));
        if (w.getScored() > 0) {
            signals.add(signal(w, "feedback.mean_score", w.getScoreSum() / w.getScored(), w.getScored(), null, start,
                    end, now));
        }
        return signals;
    }

    private static Signal signal(FeedbackWindow w, String name, double value, long count, Evidence evidence,
                                 Instant start, Instant end, Instant now) {
        return Signal.newBuilder()
                .setSegment(w.getSegment())
                .setName(name)
                .setWindowStart(start).setWindowEnd(end)
                .setValue(value)
                .setSampleCount(count)
                .setLabels(Map.of())
                .setEvidence(evidence)
                .setEmittedAt(now)
                .build();
    }

    /** Event time of feedback is its own {@code timestamp}. */
    static final class FeedbackEventTime implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if (record.value() instanceof Feedback f && f.getTimestamp() != null) {
                return f.getTimestamp().toEpochMilli();
            }
            return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
        }
    }
}
