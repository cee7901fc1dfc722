package dev.genaimon.evaluators.safety.pii;

import dev.genaimon.evaluators.safety.text.GuardedPattern;
import dev.genaimon.evaluators.safety.text.Keywords;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses from shape alone: a house number with a street name ending in a street suffix
 * ("12 Baker Street", "Main St."), continental forms where the suffix is part of the word or precedes the name
 * ("Mellemvej 32", "Rue Gafsa 62", "Piroska u. 97."), and unit designators ("Apt. 5", "Suite 210", "P.O. Box 9").
 * A match is extended over following comma/newline separated segments that look like "City, ST 12345".
 */
final class AddressRecognizer implements Recognizer {

    private static final String WORD = "[\\p{L}][\\p{L}.'’-]{0,24}";
    private static final String SUFFIX = "(?:Street|St|Road|Rd|Avenue|Ave|Av|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|"
            + "Way|Place|Pl|Square|Sq|Squares|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Crescent|Cres|Close|Row|"
            + "Mews|Alley|Loop|Plaza|Gardens|Grove|Hill|Walk|Park|Parks|Pass|Path|Pike|Port|Ridge|Run|View|Vista|"
            + "Union|Gateway|Fort|Courts|Station|Expressway|Freeway|Route)";
    private static final String UNIT = "(?:,?[ \\t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#)\\.?[ \\t]*[0-9A-Za-z-]{1,6})";
    static final Pattern US_STYLE_RE = Pattern.compile(
            "(?<![\\p{L}\\d])\\d{1,6}(?:[ \\t]+\\d{1,6})?[ \\t]+(?:" + WORD + "[ \\t]+){0,3}" + SUFFIX + "\\b\\.?" + UNIT + "{0,2}");
    private static final Pattern CONTINENTAL_RE = Pattern.compile(
            "(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t]+)?(?:"
                    + "(?:Rue|Via|Viale|Calle|Avenida|Rua|Avenue|Boulevard|Piazza|Plaza|Ulica|ul\\.|Carrer|Camino)"
                    + "(?:[ \\t]+" + WORD + "){1,4}[ \\t,]+\\d{1,5}"
                    + "|\\p{L}{2,30}(?:vej|gade|gata|gatan|vägen|veien|strasse|straße|str\\.|katu|kuja|tie|weg|laan|"
                    + "straat|plein|gasse|platz|allee|utca|ring|damm)[ \\t]+\\d{1,5}[a-z]?"
                    + "|(?:" + WORD + "[ \\t]+){1,3}(?:u\\.|utca|út|tér|str|sokak|caddesi)[ \\t]+\\d{1,5}\\.?"
                    + ")" + UNIT + "{0,2}");
    private static final Pattern UNIT_ONLY_RE = Pattern.compile(
            "\\b(?:Apt\\.?|Apartment|Suite|Unit|P\\.?[ ]?O\\.?[ ]?Box|PSC|Box)[ \\t]+\\d{1,6}\\b(?:,?[ \\t]+Box[ \\t]+\\d{1,6})?");
    /** "City, ST 12345", "Toronto", "United Kingdom 75419": capitalised words, state codes, postcodes. */
    private static final Pattern TAIL = Pattern.compile(
            "\\G[ \\t]*(?:,[ \\t]*\\n?|\\n)[ \\t]*,?[ \\t]*(?:\\p{Lu}[\\p{L}.'’()-]{0,24}|\\d{3,6}|[A-Z]{2})"
                    + "(?:[ \\t]+(?:\\p{Lu}[\\p{L}.'’()-]{0,24}|\\(\\p{L}+\\)|\\d{3,6}|[A-Z]{2,3})){0,4}");
    private static final GuardedPattern UNIT_ONLY = new GuardedPattern(UNIT_ONLY_RE, PiiKeywords.UNIT);

    @Override
    public void find(String text, List<PiiEntity> out) {
        find(TextShape.of(text), out);
    }

    @Override
    public void find(TextShape shape, List<PiiEntity> out) {
        if (shape.digits == 0) {
            return; // every address form has a number
        }
        String text = shape.text;
        // A US-style match starts with a digit that follows no digit: only the starts of digit runs are tried.
        TextShape.At us = new TextShape.At(US_STYLE_RE, text, shape.runStarts, shape.runCount);
        while (us.find()) {
            Matcher m = us.matcher();
            out.add(new PiiEntity(PiiTypes.STREET_ADDRESS, m.start(), extend(text, m.end()), 0.75));
        }
        continental(text, out);
        Keywords.Hits k = shape.hits();
        add(UNIT_ONLY.matcher(text, k), text, 0.55, out);
    }

    /**
     * CONTINENTAL is costly per start position, so it is only tried where a match can start. Every match ends its
     * main part with "[ \\t,]+ digits" after a word character, contains no line break, and consists of at most six
     * tokens before those digits (house number, street word, up to four name words); its first character is a
     * letter or digit not preceded by one (the pattern's look-behind). So the candidate starts are the word starts
     * among the six tokens before each such digit run; trying them in increasing order gives exactly the matches
     * {@code find()} gives.
     */
    private static void continental(String text, List<PiiEntity> out) {
        int n = text.length();
        int[] starts = null;
        int count = 0;
        for (int q = 1; q < n; q++) {
            char c = text.charAt(q);
            char p = text.charAt(q - 1);
            if (c < '0' || c > '9' || !(p == ' ' || p == '\t' || p == ',')) {
                continue;
            }
            int i = q - 1;
            while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == ',')) {
                i--;
            }
            if (i < 0 || !isWordChar(text.charAt(i))) {
                continue;
            }
            // The digits end the main part of a match only after a street word: a word ending in a suffix of the
            // second form or a word of the third right before the blanks, or a street word of the first form
            // among the tokens walked below (checked at each token start).
            boolean street = endsWithStreetSuffix(text, i + 1);
            int firstStart = count;
            // Walk back over up to six tokens of word characters and digits separated by blanks/commas.
            int tokens = 0;
            int lowest = q - 300;
            while (i >= 0 && i > lowest && tokens < 6) {
                while (i >= 0 && (isWordChar(text.charAt(i)) || isDigit(text.charAt(i)))) {
                    char ch = text.charAt(i);
                    boolean letterOrDigit = Character.isLetter(ch) || isDigit(ch);
                    if (letterOrDigit && (i == 0 || !(Character.isLetter(text.charAt(i - 1)) || isDigit(text.charAt(i - 1))))) {
                        if (starts == null) {
                            starts = new int[16];
                        } else if (count == starts.length) {
                            starts = java.util.Arrays.copyOf(starts, count * 2);
                        }
                        starts[count++] = i;
                        street = street || isStreetWord(text, i);
                    }
                    i--;
                }
                tokens++;
                if (i < 0 || !(text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == ',')) {
                    break;
                }
                while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == ',')) {
                    i--;
                }
            }
            if (!street) {
                count = firstStart; // no match can end at these digits; a match ending elsewhere collects its own starts
            }
        }
        if (count == 0) {
            return;
        }
        java.util.Arrays.sort(starts, 0, count);
        Matcher m = CONTINENTAL_RE.matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        int from = 0;
        int last = -1;
        for (int k = 0; k < count; k++) {
            int s = starts[k];
            if (s < from || s == last) {
                continue;
            }
            last = s;
            m.region(s, n);
            if (m.lookingAt()) {
                out.add(new PiiEntity(PiiTypes.STREET_ADDRESS, m.start(), extend(text, m.end()), 0.7));
                from = m.end();
            }
        }
    }

    /** First form of {@code CONTINENTAL_RE}: the street word starts the match (after an optional house number). */
    private static final String[] STREET_WORDS = {"Rue", "Via", "Viale", "Calle", "Avenida", "Rua", "Avenue", "Boulevard",
        "Piazza", "Plaza", "Ulica", "ul.", "Carrer", "Camino"};
    /** Second form's word endings and third form's words: the last word before the blanks and the number. */
    private static final String[] STREET_ENDINGS = {"vej", "gade", "gata", "gatan", "vägen", "veien", "strasse", "straße",
        "str.", "katu", "kuja", "tie", "weg", "laan", "straat", "plein", "gasse", "platz", "allee", "utca", "ring", "damm",
        "u.", "út", "tér", "str", "sokak", "caddesi"};

    /** Whether the text before {@code end} ends with a second-form suffix or a third-form word (case as in the pattern). */
    private static boolean endsWithStreetSuffix(String text, int end) {
        for (String e : STREET_ENDINGS) {
            if (end >= e.length() && text.startsWith(e, end - e.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a first-form street word starts at {@code i} and is followed by a blank, as the pattern requires. */
    private static boolean isStreetWord(String text, int i) {
        for (String w : STREET_WORDS) {
            int end = i + w.length();
            if (end < text.length() && text.startsWith(w, i) && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                return true;
            }
        }
        return false;
    }

    /** The pattern's word characters: {@code [\\p{L}.'’-]}. */
    private static boolean isWordChar(char c) {
        return Character.isLetter(c) || c == '.' || c == '\'' || c == '’' || c == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void add(GuardedPattern.Finder m, String text, double score, List<PiiEntity> out) {
        while (m.find()) {
            int end = extend(text, m.end());
            out.add(new PiiEntity(PiiTypes.STREET_ADDRESS, m.start(), end, score));
        }
    }

    private static int extend(String text, int end) {
        Matcher tail = TAIL.matcher(text);
        int segments = 0;
        while (segments < 4 && end < text.length() && tail.find(end) && tail.start() == end && tail.end() > end) {
            end = tail.end();
            segments++;
        }
        return end;
    }
}
