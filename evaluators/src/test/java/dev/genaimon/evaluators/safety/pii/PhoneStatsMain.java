package dev.genaimon.evaluators.safety.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.genaimon.evaluators.safety.Corpora;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Development aid: per region, how many phone spans each region adds first on the corpora. */
final class PhoneStatsMain {
    public static void main(String[] args) {
        var root = Corpora.root().orElseThrow();
        Map<String, List<String>> sets = new TreeMap<>();
        sets.put("prompts", PiiProfileMain.texts(root.resolve("prompt_attacks/prompts_dev.jsonl"), "text"));
        sets.put("responses", PiiProfileMain.texts(root.resolve("production_traffic/arena_hard_v01_model_answers.jsonl"), "response"));
        sets.put("pii", PiiProfileMain.texts(root.resolve("pii/pii_dev.jsonl"), "text"));
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (var set : sets.entrySet()) {
            int[] added = new int[PhoneRecognizer.DEFAULT_REGIONS.size()];
            int[] matches = new int[added.length];
            int[] plus = new int[added.length];
            int windows = 0;
            long windowChars = 0;
            for (String text : set.getValue()) {
                int[] w = PhoneRecognizer.windows(text);
                windows += w.length / 2;
                for (int i = 0; i < w.length; i += 2) {
                    windowChars += w[i + 1] - w[i];
                }
                List<PiiEntity> out = new ArrayList<>();
                int r = 0;
                for (String region : PhoneRecognizer.DEFAULT_REGIONS) {
                    int before = out.size();
                    new PhoneRecognizer(List.of(region), Leniency.POSSIBLE).find(text, out);
                    // keep only those not overlapping earlier regions' entities
                    List<PiiEntity> fresh = new ArrayList<>(out.subList(before, out.size()));
                    out.subList(before, out.size()).clear();
                    for (PiiEntity e : fresh) {
                        boolean clash = out.stream().anyMatch(o -> o.overlaps(e));
                        if (!clash) {
                            out.add(e);
                            added[r]++;
                            if (text.charAt(e.start()) == '+') {
                                plus[r]++;
                            }
                        }
                    }
                    for (PhoneNumberMatch m : util.findNumbers(text, region, Leniency.POSSIBLE, Long.MAX_VALUE)) {
                        matches[r]++;
                    }
                    r++;
                }
            }
            System.out.printf("%s: %d texts, %d windows, %d window chars%n", set.getKey(), set.getValue().size(), windows, windowChars);
            for (int r = 0; r < added.length; r++) {
                System.out.printf("  %s added=%d (+%d) rawMatches=%d%n", PhoneRecognizer.DEFAULT_REGIONS.get(r), added[r], plus[r], matches[r]);
            }
        }
    }
}
