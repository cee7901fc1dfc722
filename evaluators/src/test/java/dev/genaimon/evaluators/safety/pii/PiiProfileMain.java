package dev.genaimon.evaluators.safety.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.genaimon.evaluators.safety.Corpora;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Development aid (not a test): CPU time of each PII recognizer per 2 KB text on the shared corpora, one thread,
 * measured with the thread's CPU clock so other load on the machine does not count.
 */
final class PiiProfileMain {

    private PiiProfileMain() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        var root = Corpora.root().orElseThrow();
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("prompts", pack(texts(root.resolve("prompt_attacks/prompts_dev.jsonl"), "text")));
        sets.put("responses", pack(texts(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"), "response")));
        sets.put("pii", pack(texts(root.resolve("pii/pii_dev.jsonl"), "text")));
        // The five text fields of SafetyBench's 2 KB interactions (one op = one field; ×5 per interaction).
        List<String> prompts = texts(root.resolve("prompt_attacks/prompts_dev.jsonl"), "text");
        List<String> answers = texts(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"), "response");
        List<String> asks = texts(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"), "prompt");
        List<String> piiTexts = texts(root.resolve("pii/pii_dev.jsonl"), "text");
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fields.add("You are a helpful customer-support assistant for Contoso Bank. Escalate fraud reports to a "
                    + "human agent at support@contoso.example or +1 (425) 555-0100.");
            fields.add(cut(i % 2 == 0 ? prompts.get((i * 7) % prompts.size()) : asks.get(i % asks.size()), 400));
            fields.add(cut(answers.get((i + 500) % answers.size()), 450) + (i % 4 == 0 ? "\n" + piiTexts.get(i % piiTexts.size()) : ""));
            fields.add(cut(answers.get((i + 900) % answers.size()), 450));
            fields.add(cut(answers.get(i % answers.size()), 800));
        }
        sets.put("fields", fields);
        Map<String, Recognizer> recognizers = new LinkedHashMap<>();
        recognizers.put("structured", new StructuredRecognizer());
        recognizers.put("secret", new SecretRecognizer());
        recognizers.put("phone", new PhoneRecognizer(PhoneRecognizer.DEFAULT_REGIONS, Leniency.POSSIBLE));
        recognizers.put("address", new AddressRecognizer());
        recognizers.put("person", new PersonRecognizer());
        PiiDetector all = PiiDetector.createDefault();
        recognizers.put("ALL(detect)", (String t, List<PiiEntity> out) -> out.addAll(all.detect(t)));
        if (args.length > 2) {
            sets.keySet().retainAll(List.of(args[2].split(",")));
        }
        System.out.printf("%-14s", "cpu us/text");
        sets.keySet().forEach(k -> System.out.printf("%12s", k));
        System.out.println();
        String only = args.length > 1 && !args[1].isEmpty() && !args[1].equals("all") ? args[1] : null;
        for (var r : recognizers.entrySet()) {
            if (only != null && !r.getKey().equals(only)) {
                continue;
            }
            System.out.printf("%-14s", r.getKey());
            for (List<String> texts : sets.values()) {
                System.out.printf("%12.1f", cpuMicros(r.getValue(), texts, seconds));
            }
            System.out.println();
        }
    }

    static double cpuMicros(Recognizer r, List<String> texts, double seconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<PiiEntity> out = new ArrayList<>();
        long warm = mx.getCurrentThreadCpuTime() + (long) (seconds / 3 * 1e9);
        for (int i = 0; mx.getCurrentThreadCpuTime() < warm; i++) {
            out.clear();
            r.find(texts.get(i % texts.size()), out);
        }
        long t0 = mx.getCurrentThreadCpuTime();
        long end = t0 + (long) (seconds * 1e9);
        long n = 0;
        while (true) {
            for (int k = 0; k < 10; k++, n++) {
                out.clear();
                r.find(texts.get((int) (n % texts.size())), out);
            }
            long t = mx.getCurrentThreadCpuTime();
            if (t >= end) {
                return (t - t0) / 1e3 / n;
            }
        }
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    static List<String> texts(java.nio.file.Path file, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(file)) {
            out.add(r.path(field).asText(""));
        }
        return out;
    }

    static List<String> pack(List<String> texts) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; out.size() < 400; i++) {
            String t = texts.get(i % texts.size());
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(t);
            if (sb.length() >= 2048) {
                out.add(sb.substring(0, 2048));
                sb.setLength(0);
            }
        }
        return out;
    }
}
