package dev.genaimon.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import dev.genaimon.evaluators.quality.local.LocalEvaluatorProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds evaluators through {@link ServiceLoader}: the local provider always, the other providers (the LLM judge)
 * only when a judge configuration is given.
 */
public final class EvaluatorCatalog {

    private EvaluatorCatalog() {
    }

    /** What was loaded, and notes for stderr (e.g. a judge evaluator replacing a local one of the same name). */
    public record Loaded(List<Evaluator> evaluators, List<String> notes) {
    }

    /**
     * @param settings  evaluator settings (judge settings already prefixed with {@code judge.})
     * @param withJudge whether to load the non-local providers; none found is a usage error
     * @param only      evaluator names to keep (empty = all); an unknown name is a usage error
     */
    public static Loaded load(Map<String, String> settings, boolean withJudge, List<String> only, ClassLoader loader) {
        EvaluatorContext context = new EvaluatorContext(settings);
        Map<String, Evaluator> byName = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<EvaluatorProvider> judges = new ArrayList<>();
        boolean localFound = false;
        for (EvaluatorProvider p : ServiceLoader.load(EvaluatorProvider.class, loader)) {
            if (p instanceof LocalEvaluatorProvider) {
                localFound = true;
                for (Evaluator e : p.create(context)) {
                    byName.put(e.name(), e);
                }
            } else {
                judges.add(p);
            }
        }
        if (!localFound) {
            for (Evaluator e : new LocalEvaluatorProvider().create(context)) {
                byName.put(e.name(), e);
            }
        }
        if (withJudge) {
            int added = 0;
            for (EvaluatorProvider p : judges) {
                for (Evaluator e : p.create(context)) {
                    if (byName.containsKey(e.name())) {
                        notes.add("judge evaluator " + e.name() + " (" + p.getClass().getName()
                                + ") replaces the local one of the same name");
                    }
                    byName.put(e.name(), e);
                    added++;
                }
            }
            if (added == 0) {
                throw new IllegalArgumentException("--judge: no LLM-judge evaluators found on the classpath "
                        + (judges.isEmpty() ? "(no EvaluatorProvider besides the local one is installed)"
                        : "(the judge provider offered none with this configuration)")
                        + "; run without --judge for the local evaluators only");
            }
        }
        List<Evaluator> chosen = new ArrayList<>();
        if (only.isEmpty()) {
            chosen.addAll(byName.values());
        } else {
            for (String name : only) {
                Evaluator e = byName.get(name);
                if (e == null) {
                    throw new IllegalArgumentException("--evaluators: unknown evaluator '" + name + "' (available: "
                            + String.join(", ", byName.keySet()) + ")");
                }
                if (!chosen.contains(e)) {
                    chosen.add(e);
                }
            }
        }
        return new Loaded(chosen, notes);
    }

    /** Flattens a judge YAML file into {@code judge.}-prefixed settings ({@code a: {b: 1}} → {@code judge.a.b=1}). */
    public static Map<String, String> judgeSettings(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("--judge " + file + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--judge " + file + ": expected a YAML mapping");
        }
        Map<String, String> out = new LinkedHashMap<>();
        flatten("judge", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            out.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
