package dev.genaimon.evaluators.safety.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import dev.genaimon.evaluators.safety.text.GuardedPattern;
import dev.genaimon.evaluators.safety.text.Keywords;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names without a model, from three kinds of evidence, strongest first: an honorific ("Dr. Ada Byron"),
 * a context cue ("my name is ...", "Name: ...", "called ..."), and a first name from a small hand-written
 * gazetteer followed by capitalised tokens. Recall is limited by design; see the corpus test for the number.
 */
final class PersonRecognizer implements Recognizer {

    private static final String NAME_TOKEN = "\\p{Lu}[\\p{Ll}\\p{Lu}'’-]{1,24}";
    private static final String NAME = "(" + NAME_TOKEN + "(?:[ \\t]+\\p{Lu}\\.?(?=[ \\t]))?(?:[ \\t]+" + NAME_TOKEN + "){0,2}"
            + "(?:[ \\t]+(?:II|III|IV|Jr\\.?|Sr\\.?))?)";
    private static final Pattern HONORIFIC_RE = Pattern.compile(
            "\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Madam|Rev|Mister)\\.?[ \\t]+" + NAME);
    private static final Pattern CUE_RE = Pattern.compile(
            "(?i:\\bmy name is|\\bname is|\\bnamed|\\bcalled|\\bname:|\\bsigned,?|\\bregards,|\\bdear|\\bi am|\\bi'm|"
                    + "\\bthis is|\\bdirected by:?|\\bwritten by|\\bsung by|\\bauthor:?|\\bcontact:?|\\bunder)"
                    + "[ \\t]+" + NAME);
    private static final Pattern LOWER_CUE_RE = Pattern.compile(
            "(?i)\\b(?:my name is|name:)[ \\t]+(\\p{L}{2,24}(?:[ \\t]+\\p{L}{2,24})?)\\b");
    /** The name shape {@link #tokenEnd} and {@link #nameEnd} match by hand (PersonNameShapeTest compares them). */
    static final Pattern CAPITALISED = Pattern.compile(NAME);
    /** Capitalised words that follow cues or start sentences but are not names. */
    private static final Set<String> STOP = Set.of("the", "a", "an", "this", "that", "i", "it", "he", "she", "we",
            "they", "you", "my", "your", "our", "his", "her", "their", "not", "no", "yes", "sorry", "here", "there",
            "what", "when", "where", "who", "why", "how", "is", "are", "was", "and", "or", "but", "if", "so", "please",
            "thanks", "thank", "hello", "hi", "dear", "sir", "madam", "all", "team", "customer", "user", "assistant",
            "mr", "mrs", "ms", "dr", "going", "trying", "looking", "sure", "happy", "glad", "unable", "able", "just",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            "chatgpt", "gpt", "ai", "english", "american", "god", "jesus");
    private static final Set<String> FIRST_NAMES = load("first_names.txt");
    private static final GuardedPattern HONORIFIC = new GuardedPattern(HONORIFIC_RE, PiiKeywords.HONORIFIC);
    private static final GuardedPattern CUE = new GuardedPattern(CUE_RE, PiiKeywords.NAME_CUE);
    private static final GuardedPattern LOWER_CUE = new GuardedPattern(LOWER_CUE_RE, PiiKeywords.LOWER_NAME_CUE);

    @Override
    public void find(String text, List<PiiEntity> out) {
        find(TextShape.of(text), out);
    }

    /** Honorifics and cue phrases are found by the shared keyword pass; their patterns run in windows around them. */
    @Override
    public void find(TextShape shape, List<PiiEntity> out) {
        String text = shape.text;
        Keywords.Hits k = shape.hits();
        addAll(HONORIFIC.matcher(text, k), 1, 0.85, out);
        addAll(CUE.matcher(text, k), 1, 0.75, out);
        GuardedPattern.Finder lower = LOWER_CUE.matcher(text, k);
        while (lower.find()) {
            if (!STOP.contains(firstWord(lower.group(1)))) {
                out.add(new PiiEntity(PiiTypes.PERSON, lower.start(1), lower.end(1), 0.7));
            }
        }
        // What CAPITALISED.matcher(text) and repeated find() yield, but the pattern is only tried where a match can
        // start (at an upper-case letter; NAME begins with \p{Lu}) and is matched by hand (nameEnd).
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean upper = c < 128 ? c >= 'A' && c <= 'Z' : Character.getType(text.codePointAt(i)) == Character.UPPERCASE_LETTER;
            if (!upper) {
                i++;
                continue;
            }
            int first = tokenEnd(text, i);
            if (first < 0) {
                i++;
                continue;
            }
            int end = nameEnd(text, first);
            if (FIRST_NAMES.contains(text.substring(i, first).toLowerCase(Locale.ROOT))) {
                out.add(new PiiEntity(PiiTypes.PERSON, i, end, end > first ? 0.7 : 0.55));
            }
            i = end;
        }
    }

    /**
     * End of {@code NAME_TOKEN} ({@code \p{Lu}[\p{Ll}\p{Lu}'’-]{1,24}}, greedy) at {@code from}, or -1 when none
     * matches there.
     */
    static int tokenEnd(String text, int from) {
        int n = text.length();
        if (from >= n || !isUpper(text, from)) {
            return -1;
        }
        int q = from + Character.charCount(text.codePointAt(from));
        int count = 0;
        while (count < 24 && q < n) {
            int cp = text.codePointAt(q);
            boolean inClass;
            if (cp < 128) {
                inClass = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '\'' || cp == '-';
            } else {
                int type = Character.getType(cp);
                inClass = type == Character.LOWERCASE_LETTER || type == Character.UPPERCASE_LETTER || cp == '’';
            }
            if (!inClass) {
                break;
            }
            q += Character.charCount(cp);
            count++;
        }
        return count >= 1 ? q : -1;
    }

    /**
     * End of the {@code NAME} match whose first token ends at {@code e}: the regex's greedy path, in its order — an
     * optional initial ({@code [ \t]+\p{Lu}\.?(?=[ \t])}), up to two more tokens, an optional suffix (II, IV,
     * Jr, Sr; "III" gives "II" as the alternation tries II first). Every part is optional, so the first path the
     * regex tries succeeds and no backtracking changes it.
     */
    static int nameEnd(String text, int e) {
        int n = text.length();
        int b = blanks(text, e);
        if (b > e && b < n && isUpper(text, b)) {
            int r = b + Character.charCount(text.codePointAt(b));
            if (r + 1 < n && text.charAt(r) == '.' && isBlank(text.charAt(r + 1))) {
                e = r + 1;
            } else if (r < n && isBlank(text.charAt(r))) {
                e = r;
            }
        }
        for (int k = 0; k < 2; k++) {
            b = blanks(text, e);
            int t = b > e ? tokenEnd(text, b) : -1;
            if (t < 0) {
                break;
            }
            e = t;
        }
        b = blanks(text, e);
        if (b > e) {
            if (text.startsWith("II", b) || text.startsWith("IV", b)) {
                e = b + 2;
            } else if (text.startsWith("Jr", b) || text.startsWith("Sr", b)) {
                e = b + 2 < n && text.charAt(b + 2) == '.' ? b + 3 : b + 2;
            }
        }
        return e;
    }

    private static int blanks(String text, int from) {
        int q = from;
        while (q < text.length() && isBlank(text.charAt(q))) {
            q++;
        }
        return q;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isUpper(String text, int at) {
        char c = text.charAt(at);
        return c < 128 ? c >= 'A' && c <= 'Z' : Character.getType(text.codePointAt(at)) == Character.UPPERCASE_LETTER;
    }

    private static void addAll(GuardedPattern.Finder m, int group, double score, List<PiiEntity> out) {
        while (m.find()) {
            if (!STOP.contains(firstWord(m.group(group)))) {
                out.add(new PiiEntity(PiiTypes.PERSON, m.start(group), m.end(group), score));
            }
        }
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i).toLowerCase(Locale.ROOT);
    }

    private static Set<String> load(String resource) {
        Set<String> names = new HashSet<>();
        try (InputStream in = PersonRecognizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                for (String name : line.split("[,\\s]+")) {
                    if (!name.isBlank() && !line.startsWith("#")) {
                        names.add(name.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.removeAll(STOP);
        return Set.copyOf(names);
    }
}
