package dev.genaimon.evaluators.quality;

import java.util.List;
import java.util.Objects;

/**
 * What an evaluator looks at: the user's question, the model's answer, the retrieval context and, when known, the
 * ground-truth answer. Built from an {@code Interaction} online and from a dataset line offline.
 *
 * @param id          interaction id or dataset line id
 * @param tenant      tenant the interaction belongs to (judge budgets are per tenant); {@code default} offline
 * @param question    the user's last message (empty when unknown)
 * @param answer      the model's answer (empty when unknown)
 * @param context     retrieval context documents / tool results, possibly empty
 * @param groundTruth the expected answer, or {@code null}
 */
public record EvaluationInput(String id, String tenant, String question, String answer, List<String> context, String groundTruth) {

    public EvaluationInput {
        Objects.requireNonNull(id, "id");
        tenant = tenant == null || tenant.isBlank() ? "default" : tenant;
        question = question == null ? "" : question;
        answer = answer == null ? "" : answer;
        context = context == null ? List.of() : List.copyOf(context);
    }
}
