package dev.genaimon.evaluators.safety.attack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Development aid (not a test): what the cascade's embedding costs on the scanner benchmark's prompts. Builds the
 * {@code ScanWallMain} lines (every text field of the shared corpora of at least 20 characters, line i the text
 * {@code i * 7919 mod n}, even lines prompts), finds the prompts whose shipped linear logit is in [lo, hi], prints
 * their wordpiece lengths, then times (CPU of this thread) the whole-prompt langchain4j path and
 * {@link PromptEmbedder} windows, one prompt per call and in length-sorted groups.
 * Arguments: lines lo hi sample windows... (each window "W:H").
 */
final class EmbedCostMain {

    private EmbedCostMain() {
    }

    static List<String> scannerTexts() throws IOException {
        return scannerTexts(new ArrayList<>());
    }

    /** As {@link #scannerTexts()}, filling {@code sources} with "file:field" per text. */
    static List<String> scannerTexts(List<String> sources) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Corpora.root().orElseThrow())) {
            for (Path file : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (JsonNode row : Corpora.readJsonl(file)) {
                    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                        var field = it.next();
                        JsonNode v = field.getValue();
                        if (v.isTextual() && v.asText().length() >= 20) {
                            texts.add(v.asText());
                            sources.add(file.getFileName() + ":" + field.getKey());
                        }
                    }
                }
            }
        }
        return texts;
    }

    public static void main(String[] args) throws IOException {
        int lines = Integer.parseInt(args[0]);
        double lo = Double.parseDouble(args[1]);
        double hi = Double.parseDouble(args[2]);
        int sample = Integer.parseInt(args[3]);
        List<String> sources = new ArrayList<>();
        List<String> texts = scannerTexts(sources);
        AttackModel m = PromptAttackDetector.shippedModel();
        List<String> band = new ArrayList<>();
        java.util.Map<String, Integer> bySource = new java.util.TreeMap<>();
        int prompts = 0;
        for (int i = 0; i < lines; i += 2) {
            String t = texts.get((int) ((i * 7919L) % texts.size()));
            prompts++;
            double l = m.logit(t);
            if (l >= lo && l <= hi) {
                band.add(t);
                bySource.merge(sources.get((int) ((i * 7919L) % texts.size())), 1, Integer::sum);
            }
        }
        System.out.println("in the band by source: " + bySource);
        System.out.println("distinct in the band: " + new java.util.HashSet<>(band).size());
        PromptEmbedder full = new PromptEmbedder(0, 0);
        int[] lengths = band.stream().mapToInt(t -> full.ids(t).length - 2).sorted().toArray();
        long sum = 0;
        for (int x : lengths) {
            sum += x;
        }
        System.out.printf("%,d lines, %,d prompts, %,d (%.2f %% of lines) with linear logit in [%.2f, %.2f]%n", lines,
                prompts, band.size(), 100.0 * band.size() / lines, lo, hi);
        System.out.printf("wordpieces: mean %.0f, p50 %d, p75 %d, p90 %d, p95 %d, p99 %d, max %d (whole text)%n",
                (double) sum / lengths.length, lengths[lengths.length / 2], lengths[lengths.length * 3 / 4],
                lengths[lengths.length * 9 / 10], lengths[lengths.length * 95 / 100], lengths[lengths.length * 99 / 100],
                lengths[lengths.length - 1]);
        if (Boolean.getBoolean("cost.histogram")) {
            int bins = 16;
            int[] count = new int[bins];
            long[] tokens = new long[bins];
            for (String t : band) {
                int b = (int) Math.min(bins - 1, Math.floor((m.logit(t) - lo) / (hi - lo) * bins));
                count[b]++;
                tokens[b] += Math.min(128, full.ids(t).length - 2);
            }
            for (int b = 0; b < bins; b++) {
                System.out.printf("  logit from %+.2f: %5d prompts, mean %3.0f wordpieces (at most 128)%n",
                        lo + b * (hi - lo) / bins, count[b], (double) tokens[b] / Math.max(1, count[b]));
            }
            return;
        }
        List<String> timed = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            timed.add(band.get((int) ((i * 7919L) % band.size())));
        }
        var threads = ManagementFactory.getThreadMXBean();
        if (!Boolean.getBoolean("cost.skip-langchain")) {
            var l4j = SentenceEmbedder.bundledModel();
            l4j.apply(timed.subList(0, 8));
            long c0 = threads.getCurrentThreadCpuTime();
            for (String t : timed) {
                l4j.apply(List.of(t));
            }
            System.out.printf("langchain4j whole prompt, one per call: %.2f ms CPU per prompt -> %.0f us per line%n",
                    (threads.getCurrentThreadCpuTime() - c0) / 1e6 / sample,
                    (threads.getCurrentThreadCpuTime() - c0) / 1e3 / sample * band.size() / lines);
        }
        for (int a = 4; a < args.length; a++) {
            String[] wh = args[a].split(":");
            PromptEmbedder e = new PromptEmbedder(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
            e.embedTogether(timed.subList(0, 8));
            long c0 = threads.getCurrentThreadCpuTime();
            for (String t : timed) {
                e.embed(t);
            }
            double one = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / sample;
            c0 = threads.getCurrentThreadCpuTime();
            int per = Integer.getInteger("cost.batch", 16);
            for (int i = 0; i < timed.size(); i += per) {
                e.embedTogether(timed.subList(i, Math.min(timed.size(), i + per)));
            }
            double grouped = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / sample;
            System.out.printf("window %s: %.2f ms per prompt one per call, %.2f ms in batches of %d -> %.0f / %.0f us per line%n",
                    args[a], one, grouped, per, one * 1000 * band.size() / lines, grouped * 1000 * band.size() / lines);
        }
    }
}
