package dev.genaimon.evaluators.quality.local;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sentence splitting, word tokens, stop words and a light stemmer shared by the local evaluators. */
final class Texts {

    /** Longest text the evaluators read, in characters; beyond it the rest is ignored (and said so). */
    static final int MAX_CHARS = 20_000;
    /** Most sentences taken from one text (context documents are long; the model is the cost). */
    static final int MAX_SENTENCES = 200;

    private static final Pattern SENTENCE_END = Pattern.compile(
            "(?<=[.!?…])[\"')\\]]*\\s+(?=[\"'(\\[]?[\\p{Lu}\\d])|(?<=\\p{Ll}{2}[.!?])(?=\\p{Lu}\\p{Ll})|\\n\\s*\\n|\\n(?=\\s*(?:[-*•]|\\d+[.)])\\s)");
    /** Abbreviations that end with a dot but do not end a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs",
            "inc", "ltd", "co", "corp", "no", "fig", "e.g", "i.e", "etc", "u.s", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "gen", "gov", "sen", "rep", "lt", "col");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’.-][\\p{L}\\p{N}]+)*");
    static final Set<String> STOP_WORDS = Set.of(("a an the and or but if then else of to in on at by for with from "
            + "as is are was were be been being am do does did doing have has had having it its it's this that these "
            + "those there here which who whom whose what when where why how not no nor so than too very can could "
            + "will would shall should may might must i me my we our you your he him his she her they them their "
            + "also just only into about over under after before between through during out up down off again further "
            + "once all any both each few more most other some such own same s t don now one yes well").split(" "));

    private Texts() {
    }

    /** Trims text to {@link #MAX_CHARS}. */
    static String clip(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    }

    /** Splits into sentences (at most {@link #MAX_SENTENCES}); blank input gives an empty list. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        text = clip(text);
        Matcher m = SENTENCE_END.matcher(text);
        int start = 0;
        StringBuilder pending = new StringBuilder();
        while (m.find() && out.size() < MAX_SENTENCES) {
            String piece = text.substring(start, m.start());
            start = m.end();
            pending.append(piece);
            if (endsWithAbbreviation(piece)) {
                pending.append(' ');
                continue;
            }
            add(out, pending.toString());
            pending.setLength(0);
        }
        if (out.size() < MAX_SENTENCES) {
            pending.append(text.substring(start));
            add(out, pending.toString());
        }
        return out;
    }

    private static void add(List<String> out, String sentence) {
        String s = sentence.strip();
        if (!s.isEmpty() && WORD.matcher(s).find()) {
            out.add(s);
        }
    }

    private static boolean endsWithAbbreviation(String piece) {
        String p = piece.stripTrailing();
        if (!p.endsWith(".")) {
            return false;
        }
        int i = p.length() - 1;
        while (i > 0 && !Character.isWhitespace(p.charAt(i - 1))) {
            i--;
        }
        String word = p.substring(i, p.length() - 1).toLowerCase(Locale.ROOT);
        // single letters are initials ("J. R. R. Tolkien")
        return word.length() == 1 && Character.isLetter(word.charAt(0)) || ABBREVIATIONS.contains(word);
    }

    /** Lower-cased word tokens in order. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(clip(text));
        while (m.find()) {
            out.add(m.group().toLowerCase(Locale.ROOT).replace('’', '\''));
        }
        return out;
    }

    /** Word tokens as written (case kept). */
    static List<String> rawWords(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(clip(text));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Stemmed content words (no stop words), in order of first appearance. */
    static Set<String> contentStems(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(text)) {
            if (!STOP_WORDS.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** A deliberately light stemmer: plural/verb endings and possessives, enough to match "films" with "film". */
    static String stem(String w) {
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        int n = w.length();
        if (n > 4 && w.endsWith("ies")) {
            return w.substring(0, n - 3) + "y";
        }
        if (n > 5 && w.endsWith("ing")) {
            return w.substring(0, n - 3);
        }
        if (n > 4 && w.endsWith("ed")) {
            return w.substring(0, n - 2);
        }
        if (n > 3 && w.endsWith("es") && (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))) {
            return w.substring(0, n - 2);
        }
        if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    /** Every stem of every word, stop words included (for "is this word anywhere in the context"). */
    static Set<String> allStems(String text) {
        Set<String> out = new HashSet<>();
        for (String w : words(text)) {
            out.add(stem(w));
        }
        return out;
    }
}
