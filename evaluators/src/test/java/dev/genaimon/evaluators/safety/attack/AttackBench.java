package dev.genaimon.evaluators.safety.attack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Microbenchmark (not a test): microseconds per 2 KB text for the prompt-attack detector and its parts, on 2 KB
 * texts packed from the shared prompts and production responses. Run with
 * {@code java -cp evaluators/target/classes:evaluators/target/test-classes:$(deps)
 * -Dgenaimon.shared.dir=/work/shared dev.genaimon.evaluators.safety.attack.AttackBench [seconds [other-model.bin.gz]]}.
 */
final class AttackBench {

    private AttackBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Path root = Corpora.root().orElseThrow(() -> new IllegalStateException("set -Dgenaimon.shared.dir"));
        List<String> src = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(root.resolve(AttackCorpus.FILE))) {
            src.add(r.get("text").asText());
        }
        for (JsonNode r : Corpora.readJsonl(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"))) {
            src.add(r.path("response").asText(""));
        }
        List<String> texts = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; texts.size() < 400; i = (i + 7) % src.size()) {
            b.append(src.get(i)).append('\n');
            if (b.length() >= 2048) {
                texts.add(b.substring(0, 2048));
                b.setLength(0);
            }
        }
        PromptAttackDetector detector = PromptAttackDetector.createDefault();
        // "wide part only" is the cost of the linear model alone (the detector before the hidden layer was added)
        AttackModel model = PromptAttackDetector.shippedModel();
        // optional second argument: another model file (e.g. one trained with -Ddeep.dim=16) measured in the same run
        AttackModel other = args.length > 1 ? readModel(Path.of(args[1])) : null;
        float[] cues = new float[StructuralFeatures.COUNT];
        for (int round = 0; round < 2; round++) {
            measure("analyse (n-grams)", texts, seconds, t -> HashedText.forThread().analyse(t));
            measure("analyse + cues", texts, seconds, t -> {
                HashedText h = HashedText.forThread();
                h.analyse(t);
                StructuralFeatures.extract(h, t, cues, 0);
            });
            measure("wide part only", texts, seconds, t -> {
                HashedText h = HashedText.forThread();
                h.analyse(t);
                model.wide.logit(h, t, cues);
            });
            measure("detect (total)", texts, seconds, detector::detect);
            if (other != null) {
                measure("detect, other model", texts, seconds, t -> other.score(t));
            }
        }
    }

    private static AttackModel readModel(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return AttackModel.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void measure(String name, List<String> texts, double seconds, java.util.function.Consumer<String> f) {
        // thread CPU time: the machine is shared, wall time would measure the neighbours
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        long n = 0;
        while (cpu.getCurrentThreadCpuTime() < end) {
            for (String t : texts) {
                f.accept(t);
            }
            n += texts.size();
        }
        double us = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / n;
        System.out.printf("  %-20s %7.1f us CPU per 2 KB text%n", name, us);
    }
}
