package dev.genaimon.evaluators.safety.attack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Development aid (not a test): how many scanner texts fall in a band of the shipped linear model's logit (and so
 * would be embedded by a cascade), and what MiniLM costs per text, whole or cut to N characters. Texts as
 * {@code ScanWallMain} builds them (every text field of the shared corpora, at least 20 characters).
 * Arguments: lo hi (logits), sample size for the timing, cut lengths.
 */
final class CascadeCostMain {

    private CascadeCostMain() {
    }

    public static void main(String[] args) throws IOException {
        double lo = Double.parseDouble(args[0]);
        double hi = Double.parseDouble(args[1]);
        int sample = Integer.parseInt(args[2]);
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Corpora.root().orElseThrow())) {
            for (Path file : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (JsonNode row : Corpora.readJsonl(file)) {
                    for (Iterator<JsonNode> it = row.elements(); it.hasNext(); ) {
                        JsonNode v = it.next();
                        if (v.isTextual() && v.asText().length() >= 20) {
                            texts.add(v.asText());
                        }
                    }
                }
            }
        }
        AttackModel m = PromptAttackDetector.shippedModel();
        int in = 0;
        List<String> band = new ArrayList<>();
        long chars = 0;
        for (String t : texts) {
            double p = Math.min(1 - 1e-9, Math.max(1e-9, m.score(t)));
            double l = Math.log(p / (1 - p));
            if (l >= lo && l <= hi) {
                in++;
                band.add(t);
                chars += t.length();
            }
        }
        System.out.printf("%d texts, %d (%.2f %%) with linear logit in [%.2f, %.2f], mean %.0f chars%n", texts.size(), in,
                100.0 * in / texts.size(), lo, hi, (double) chars / Math.max(1, in));
        var model = SentenceEmbedder.bundledModel();
        List<String> timed = new ArrayList<>();
        List<String> from = Boolean.getBoolean("cost.band") ? band : texts;
        for (int i = 0; i < sample; i++) {
            timed.add(from.get((int) ((i * 7919L) % from.size())));
        }
        model.apply(timed.subList(0, 8));
        for (int a = 3; a < args.length; a++) {
            int cut = Integer.parseInt(args[a]);
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (String t : timed) {
                model.apply(List.of(cut > 0 && t.length() > cut ? t.substring(0, cut) : t));
            }
            System.out.printf("cut %d: %.2f ms wall, %.2f ms CPU of this thread per text (one at a time)%n", cut,
                    (System.nanoTime() - t0) / 1e6 / sample, (threads.getCurrentThreadCpuTime() - c0) / 1e6 / sample);
        }
    }
}
