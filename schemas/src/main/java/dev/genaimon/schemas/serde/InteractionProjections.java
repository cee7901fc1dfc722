package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.InteractionPromptAndResponse;
import dev.genaimon.schemas.avro.InteractionWithoutTexts;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serdes of {@link Interaction} for stages that read only part of it. A 2 KB interaction is mostly text (system prompt,
 * messages, response, context documents); a stage that never reads them should not build their Strings. The values
 * these serdes read are partial {@link Interaction}s: the fields outside the projection are null. Do not write them
 * back to a topic.
 */
public final class InteractionProjections {

    private InteractionProjections() {
    }

    /** Ids, time, segment dimensions, model, usage, latency, status, tool calls, ground truth, features, safety. */
    public static Serde<Interaction> withoutTexts(AvroSerdes serdes) {
        return serdes.projectedValueSerde(Interaction.class, InteractionWithoutTexts.class,
                InteractionProjections::from);
    }

    /** Ids, time, segment dimensions, model, messages, response, safety: what the embedding-drift stage reads. */
    public static Serde<Interaction> promptAndResponse(AvroSerdes serdes) {
        return serdes.projectedValueSerde(Interaction.class, InteractionPromptAndResponse.class,
                InteractionProjections::from);
    }

    static Interaction from(InteractionWithoutTexts p) {
        Interaction i = new Interaction();
        i.setInteractionId(p.getInteractionId());
        i.setTimestamp(p.getTimestamp());
        i.setTenant(p.getTenant());
        i.setApp(p.getApp());
        i.setEnvironment(p.getEnvironment());
        i.setOperation(p.getOperation());
        i.setModel(p.getModel());
        i.setPromptTemplate(p.getPromptTemplate());
        i.setFinishReason(p.getFinishReason());
        i.setToolCalls(p.getToolCalls());
        i.setUsage(p.getUsage());
        i.setLatencyMs(p.getLatencyMs());
        i.setTimeToFirstTokenMs(p.getTimeToFirstTokenMs());
        i.setStatus(p.getStatus());
        i.setGroundTruth(p.getGroundTruth());
        i.setFeatures(p.getFeatures());
        i.setSafety(p.getSafety());
        return i;
    }

    static Interaction from(InteractionPromptAndResponse p) {
        Interaction i = new Interaction();
        i.setInteractionId(p.getInteractionId());
        i.setTimestamp(p.getTimestamp());
        i.setTenant(p.getTenant());
        i.setApp(p.getApp());
        i.setEnvironment(p.getEnvironment());
        i.setOperation(p.getOperation());
        i.setModel(p.getModel());
        i.setPromptTemplate(p.getPromptTemplate());
        i.setMessages(p.getMessages());
        i.setResponse(p.getResponse());
        i.setSafety(p.getSafety());
        return i;
    }
}
