package dev.genaimon.processors.eval;

import dev.genaimon.schemas.avro.AttackResult;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.PromptTemplate;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Interactions and signals for the eval and feedback topology tests. */
public final class EvalFixtures {

    /** The segment id of {@link #interaction} with app {@code bot} under the default dimensions. */
    public static final String SEGMENT = "acme/bot/gpt-4o/answer:v1";

    private EvalFixtures() {
    }

    public static Interaction interaction(String id, Instant at) {
        return interaction(id, at, "bot");
    }

    public static Interaction interaction(String id, Instant at, String app) {
        return Interaction.newBuilder()
                .setInteractionId(id)
                .setTimestamp(at)
                .setTenant("acme")
                .setApp(app)
                .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt-4o").build())
                .setPromptTemplate(PromptTemplate.newBuilder().setId("answer").setVersion("v1").build())
                .setMessages(List.of(new Message("system", "be brief", null),
                        new Message("user", "What is the capital of France?", null)))
                .setResponse("Paris is the capital of France.")
                .setContext(List.of(ContextDocument.newBuilder().setContent("Paris is the capital of France.")
                        .build()))
                .build();
    }

    public static Interaction withGroundTruth(Interaction interaction, String groundTruth) {
        Interaction copy = Interaction.newBuilder(interaction).build();
        copy.setGroundTruth(groundTruth);
        return copy;
    }

    public static Interaction withAttack(Interaction interaction) {
        Interaction copy = Interaction.newBuilder(interaction).build();
        copy.setSafety(SafetyFlags.newBuilder().setInteractionId(interaction.getInteractionId())
                .setTimestamp(interaction.getTimestamp()).setTenant(interaction.getTenant())
                .setApp(interaction.getApp())
                .setAttack(AttackResult.newBuilder().setScore(0.9).setDetected(true).setKind("jailbreak").build())
                .build());
        return copy;
    }

    public static Signal driftSignal(String segmentId, String feature, double detected, Instant windowEnd) {
        return Signal.newBuilder()
                .setSegment(new Segment(segmentId, Map.of()))
                .setName("drift." + feature + ".detected")
                .setWindowStart(windowEnd.minusSeconds(3600)).setWindowEnd(windowEnd)
                .setValue(detected).setSampleCount(100).setEmittedAt(windowEnd)
                .build();
    }
}
