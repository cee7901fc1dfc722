package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.InteractionPromptAndResponse;
import dev.genaimon.schemas.avro.InteractionWithoutTexts;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
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
                copier(InteractionWithoutTexts.getClassSchema())::apply);
    }

    /** Ids, time, segment dimensions, model, messages, response, safety: what the embedding-drift stage reads. */
    public static Serde<Interaction> promptAndResponse(AvroSerdes serdes) {
        return serdes.projectedValueSerde(Interaction.class, InteractionPromptAndResponse.class,
                copier(InteractionPromptAndResponse.getClassSchema())::apply);
    }

    /**
     * Copies every field of a projection into the {@link Interaction} field of the same name (a projection's fields
     * are a subset of Interaction's, with the same types), by positions resolved once per projection schema.
     */
    private static Function<IndexedRecord, Interaction> copier(Schema projection) {
        List<Schema.Field> fields = projection.getFields();
        int[] target = new int[fields.size()];
        for (Schema.Field field : fields) {
            Schema.Field same = Interaction.getClassSchema().getField(field.name());
            if (same == null) {
                throw new IllegalArgumentException(projection.getName() + "." + field.name()
                        + " is not a field of Interaction");
            }
            target[field.pos()] = same.pos();
        }
        return p -> {
            Interaction i = new Interaction();
            for (int f = 0; f < target.length; f++) {
                i.put(target[f], p.get(f));
            }
            return i;
        };
    }
}
