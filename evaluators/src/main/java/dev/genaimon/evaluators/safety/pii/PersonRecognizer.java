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
    private static final Pattern CAPITALISED = Pattern.compile(NAME);
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
    /** Honorifics and cue phrases (ASCII case-folded); the patterns only run in windows around them. */
    private static final Keywords KEYWORDS = Keywords.builder()
            .add(0, "\\bmr", "\\bms", "\\bmiss", "\\bmx", "\\bdr", "\\bprof", "\\bsir", "\\bdame", "\\blady", "\\blord",
                    "\\bmadam", "\\brev", "\\bmister")
            .add(1, "\\bmy name is", "\\bname", "\\bcalled", "\\bsigned", "\\bregards,", "\\bdear", "\\bi am", "\\bi'm",
                    "\\bthis is", "\\bdirected by", "\\bwritten by", "\\bsung by", "\\bauthor", "\\bcontact", "\\bunder")
            .add(2, "\\bmy name is", "\\bname:")
            .build();
    private static final GuardedPattern HONORIFIC = new GuardedPattern(HONORIFIC_RE, 0);
    private static final GuardedPattern CUE = new GuardedPattern(CUE_RE, 1);
    private static final GuardedPattern LOWER_CUE = new GuardedPattern(LOWER_CUE_RE, 2);

    @Override
    public void find(String text, List<PiiEntity> out) {
        Keywords.Hits k = KEYWORDS.scan(text);
        addAll(HONORIFIC.matcher(text, k), 1, 0.85, out);
        addAll(CUE.matcher(text, k), 1, 0.75, out);
        GuardedPattern.Finder lower = LOWER_CUE.matcher(text, k);
        while (lower.find()) {
            if (!STOP.contains(firstWord(lower.group(1)))) {
                out.add(new PiiEntity(PiiTypes.PERSON, lower.start(1), lower.end(1), 0.7));
            }
        }
        // What find() over the whole text yields, but the pattern is only tried where a match can start: at an
        // upper-case letter (NAME begins with \p{Lu}); a plain character loop skips the rest.
        Matcher m = CAPITALISED.matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean upper = c < 128 ? c >= 'A' && c <= 'Z' : Character.getType(text.codePointAt(i)) == Character.UPPERCASE_LETTER;
            if (!upper) {
                i++;
                continue;
            }
            m.region(i, n);
            if (!m.lookingAt()) {
                i++;
                continue;
            }
            i = m.end();
            String first = firstWord(m.group(1));
            if (FIRST_NAMES.contains(first)) {
                boolean full = m.group(1).indexOf(' ') > 0 || m.group(1).indexOf('\t') > 0;
                out.add(new PiiEntity(PiiTypes.PERSON, m.start(1), m.end(1), full ? 0.7 : 0.55));
            }
        }
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
