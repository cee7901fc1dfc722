package dev.genaimon.evaluators.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A cheap language guess for features and drift (not for translation): the dominant script, and for Latin text the
 * language whose most common function words appear most often. Returns ISO 639-1 codes, {@code und} when unsure.
 * One pass over at most {@link #MAX_CHARS} characters; no allocation per character.
 */
public final class LanguageGuesser {

    static final int MAX_CHARS = 2000;

    private static final Map<String, Set<String>> STOPWORDS = Map.of(
            "en", Set.of("the", "and", "is", "of", "to", "in", "that", "it", "for", "you", "with", "what", "how", "are"),
            "de", Set.of("der", "die", "und", "ist", "das", "nicht", "ich", "mit", "ein", "eine", "zu", "wie", "sie"),
            "fr", Set.of("le", "la", "les", "et", "est", "des", "une", "pour", "que", "qui", "pas", "vous", "dans"),
            "es", Set.of("el", "la", "los", "las", "es", "que", "por", "una", "para", "con", "del", "como", "cómo", "pero", "qué", "mi", "muy"),
            "it", Set.of("il", "che", "non", "sono", "per", "una", "della", "gli", "come", "anche", "questo", "è"),
            "pt", Set.of("não", "uma", "para", "com", "os", "que", "como", "mais", "mas", "você", "isso", "são"),
            "nl", Set.of("het", "een", "niet", "van", "ik", "dat", "zijn", "voor", "met", "wat", "hoe", "maar"));

    /** The languages each stop word belongs to: one lookup per word instead of one per language. */
    private static final Map<String, List<String>> LANGUAGES_BY_WORD = byWord();
    /** Longer words are no stop word: neither looked up nor cut out of the text. */
    private static final int LONGEST_STOPWORD = LANGUAGES_BY_WORD.keySet().stream().mapToInt(String::length).max()
            .orElse(0);

    private LanguageGuesser() {
    }

    static Map<String, Set<String>> stopwords() {
        return STOPWORDS;
    }

    private static Map<String, List<String>> byWord() {
        Map<String, List<String>> byWord = new java.util.HashMap<>();
        STOPWORDS.forEach((language, words) -> words.forEach(word ->
                byWord.computeIfAbsent(word, w -> new java.util.ArrayList<>()).add(language)));
        byWord.replaceAll((word, languages) -> List.copyOf(languages));
        return Map.copyOf(byWord);
    }

    public static String guess(String text) {
        if (text == null || text.isBlank()) {
            return "und";
        }
        int limit = Math.min(text.length(), MAX_CHARS);
        int latin = 0;
        int cyrillic = 0;
        int cjk = 0;
        int kana = 0;
        int hangul = 0;
        int arabic = 0;
        int devanagari = 0;
        int greek = 0;
        int hebrew = 0;
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (Character.isLetter(c)) {
                    latin++;
                }
                continue;
            }
            Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
            if (block == Character.UnicodeBlock.CYRILLIC) {
                cyrillic++;
            } else if (block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS) {
                cjk++;
            } else if (block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA) {
                kana++;
            } else if (block == Character.UnicodeBlock.HANGUL_SYLLABLES) {
                hangul++;
            } else if (block == Character.UnicodeBlock.ARABIC) {
                arabic++;
            } else if (block == Character.UnicodeBlock.DEVANAGARI) {
                devanagari++;
            } else if (block == Character.UnicodeBlock.GREEK) {
                greek++;
            } else if (block == Character.UnicodeBlock.HEBREW) {
                hebrew++;
            } else if (Character.isLetter(c)) {
                latin++;
            }
        }
        int[] counts = {cyrillic, cjk + kana, hangul, arabic, devanagari, greek, hebrew};
        String[] codes = {"ru", kana > 0 ? "ja" : "zh", "ko", "ar", "hi", "el", "he"};
        int best = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > latin && (best < 0 || counts[i] > counts[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            return codes[best];
        }
        return latin == 0 ? "und" : latinLanguage(text, limit);
    }

    private static String latinLanguage(String text, int limit) {
        String lower = text.substring(0, limit).toLowerCase(Locale.ROOT);
        Map<String, Integer> hits = new java.util.HashMap<>();
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean letter = i < lower.length() && Character.isLetter(lower.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start <= LONGEST_STOPWORD) {
                    List<String> languages = LANGUAGES_BY_WORD.get(lower.substring(start, i));
                    if (languages != null) {
                        for (String language : languages) {
                            hits.merge(language, 1, Integer::sum);
                        }
                    }
                }
                start = -1;
            }
        }
        return hits.entrySet().stream().filter(e -> e.getValue() >= 2)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("und");
    }
}
