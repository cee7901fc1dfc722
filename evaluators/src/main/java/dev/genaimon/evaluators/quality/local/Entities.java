package dev.genaimon.evaluators.quality.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkable facts in a claim: numbers (including years and dates) and names (capitalised words that are not stop
 * words). A claim that states a number or name the context never mentions is the typical hallucination.
 */
final class Entities {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern NAME = Pattern.compile("\\p{Lu}[\\p{L}\\p{N}'’.-]*");
    private static final Set<String> NUMBER_WORDS = Set.of("two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million",
            "billion", "first", "second", "third", "fourth", "fifth");
    private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    private Entities() {
    }

    /** @param kind {@code number}, {@code date} or {@code name}; {@code key} is the normalised form to look up
     *             (for a name, its stemmed words separated by spaces) */
    record Entity(String kind, String text, String key) {
    }

    static List<Entity> of(String claim) {
        List<Entity> out = new ArrayList<>();
        Matcher n = NUMBER.matcher(claim);
        while (n.find()) {
            String digits = n.group().replace(",", "");
            out.add(new Entity("number", n.group(), digits));
        }
        for (String w : Texts.words(claim)) {
            if (NUMBER_WORDS.contains(w)) {
                out.add(new Entity("number", w, w));
            } else if (MONTHS.contains(w) && !w.equals("may")) {
                out.add(new Entity("date", w, w));
            }
        }
        // consecutive capitalised words (quotes and initials between them allowed) form one name
        Matcher m = NAME.matcher(claim);
        List<String> words = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int end = -1;
        while (m.find()) {
            String word = m.group().replaceAll("[.'’-]+$", "");
            String lower = word.toLowerCase(Locale.ROOT);
            boolean name = lower.length() >= 2 && !Texts.STOP_WORDS.contains(lower) && !MONTHS.contains(lower)
                    && !lower.equals("i'm") && !lower.equals("i'll");
            boolean adjacent = end >= 0 && claim.substring(end, m.start()).matches("[\\s\"'“”()]*");
            if (!adjacent || !name) {
                flush(words, keys, out);
            }
            if (name) {
                words.add(word);
                keys.add(Texts.stem(lower.replace('’', '\'')));
            }
            end = m.end();
        }
        flush(words, keys, out);
        return out;
    }

    private static void flush(List<String> words, List<String> keys, List<Entity> out) {
        if (!words.isEmpty()) {
            out.add(new Entity("name", String.join(" ", words), String.join(" ", keys)));
            words.clear();
            keys.clear();
        }
    }

    /** Normalised numbers in a text (for lookups: "1,000" and "1000" are the same). */
    static Set<String> numbers(String text) {
        Set<String> out = new java.util.HashSet<>();
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            out.add(n.group().replace(",", ""));
        }
        return out;
    }
}
