package dev.genaimon.ingest.otlp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What {@link GenAiSpanMapper} made of one export request. Every span is accounted for exactly once:
 * {@code received = sum(interaction spans) + rejections + ignored}.
 *
 * @param received     spans in the request
 * @param interactions one per GenAI span (with its tool-call child spans folded in)
 * @param rejections   GenAI spans that could not be mapped, each with a reason
 * @param ignored      spans without any {@code gen_ai.*} attribute (ordinary tracing, not an error)
 */
public record OtlpMapping(int received, List<MappedInteraction> interactions, List<SpanRejection> rejections,
                          int ignored) {

    public OtlpMapping {
        interactions = List.copyOf(interactions);
        rejections = List.copyOf(rejections);
    }

    /**
     * One interaction in the JSON shape of the ingest API ({@code POST /v1/interactions}), so the same validator and
     * limits apply to it as to JSON ingest.
     *
     * @param json          the interaction
     * @param traceId       hex trace id of its span
     * @param spanId        hex span id of its span
     * @param spans         how many spans it stands for: 1 + the execute_tool child spans folded into it
     */
    public record MappedInteraction(ObjectNode json, String traceId, String spanId, int spans) {
    }

    /**
     * A GenAI span that could not become an interaction.
     *
     * @param traceId hex trace id (may be empty when the span has none)
     * @param spanId  hex span id (may be empty)
     * @param reason  stable reason code, e.g. missing_model, a metric label
     * @param message what is wrong, for humans
     */
    public record SpanRejection(String traceId, String spanId, String reason, String message) {
    }
}
