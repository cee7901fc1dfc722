package dev.genaimon.evaluators.safety.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers through libphonenumber's {@link PhoneNumberUtil#findNumbers}: each configured region is tried
 * (national formats differ per region; "+" numbers parse in any), candidates are deduplicated by span. A
 * number valid in some region scores higher than one that is merely possible.
 */
final class PhoneRecognizer implements Recognizer {

    static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "IN", "AU", "BR", "IL", "ES", "IT", "PT", "ZA");
    private static final Pattern CONTEXT = Pattern.compile(
            "(?i)\\b(?:phone|tel|telephone|mobile|cell|fax|office|desk|call|calling|text me|whatsapp|contact|reach|dial)");
    private static final int MIN_DIGITS = 7;
    /**
     * libphonenumber's candidate pattern ({@code PhoneNumberMatcher.PATTERN}, 9.0.19; a test compares the two), used
     * to find the candidates once instead of once per region.
     */
    static final Pattern CANDIDATE = Pattern.compile(
            "(?:[(\\[\uff08\uff3b+\uff0b][-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000"
                    + "()\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e]{0,4}){0,2}\\p{Nd}{1,20}(?:[-x\u2010-\u2015"
                    + "\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053"
                    + "\u223c\uff5e]{0,4}\\p{Nd}{1,20}){0,20}(?:;ext=(\\p{Nd}{1,20})|[ \u00a0\\t,]*(?:e?xt(?:ensi(?:o\u0301"
                    + "?|\u00f3))?n?|\uff45?\uff58\uff54\uff4e?|\u0434\u043e\u0431|anexo)[:\\.\uff0e]?[ \u00a0\\t,-]*("
                    + "\\p{Nd}{1,20})#?|[ \u00a0\\t,]*(?:[x\uff58#\uff03~\uff5e]|int|\uff49\uff4e\uff54)[:\\.\uff0e]?["
                    + " \u00a0\\t,-]*(\\p{Nd}{1,9})#?|[- ]+(\\p{Nd}{1,6})#)?",
            Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE);
    /** libphonenumber's {@code SECOND_NUMBER_START_PATTERN}: a candidate is cut where a second number starts. */
    static final Pattern SECOND_NUMBER_START = Pattern.compile("[\\\\/] *x");
    /** Characters after a candidate that libphonenumber reads (a ":mm" time-stamp suffix). */
    private static final int TRAILING = 4;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;
    private final Leniency leniency;
    /** Per region (same order): the facts of its metadata that {@link #cannotMatch} uses. */
    private final RegionGate[] gates;

    PhoneRecognizer(List<String> regions, Leniency leniency) {
        this.regions = List.copyOf(regions);
        this.leniency = leniency;
        this.gates = this.regions.stream().map(r -> RegionGate.of(util, r)).toArray(RegionGate[]::new);
    }

    /**
     * What a region's parse needs before a number can be kept: its international dialling prefix (the only way,
     * besides a "+", for a number parsed in this region to get another country code) and the shortest national
     * significant number that can pass. A number we keep is "possible" (POSSIBLE leniency: the length is one of
     * the general or local-only lengths of its country's main region) or, without phone context, valid (the length
     * is a general length of some region of its country code), so a number shorter than {@code minLength} is
     * never kept.
     */
    record RegionGate(String region, Pattern idd, int minLength) {

        static RegionGate of(PhoneNumberUtil util, String region) {
            int cc = util.getCountryCodeForRegion(region);
            if (cc == 0) {
                return new RegionGate(region, null, 0); // unknown region: never skipped
            }
            var source = com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider.getInstance()
                    .getPhoneNumberMetadataSource();
            var own = source.getMetadataForRegion(region);
            var main = source.getMetadataForRegion(util.getRegionCodeForCountryCode(cc));
            int min = Integer.MAX_VALUE;
            for (int l : main.getGeneralDesc().getPossibleLengthList()) {
                min = Math.min(min, l);
            }
            for (int l : main.getGeneralDesc().getPossibleLengthLocalOnlyList()) {
                min = Math.min(min, l);
            }
            for (String r : util.getRegionCodesForCountryCode(cc)) {
                for (int l : source.getMetadataForRegion(r).getGeneralDesc().getPossibleLengthList()) {
                    min = Math.min(min, l);
                }
            }
            String idd = own.getInternationalPrefix();
            return new RegionGate(region, idd.isEmpty() ? null : Pattern.compile(idd), min == Integer.MAX_VALUE ? 0 : min);
        }
    }

    /**
     * Whether parsing {@code window} in this gate's region can give no number we keep, decided without parsing.
     * Every number libphonenumber finds in the window is parsed from a substring of it. Without a '+' and without
     * the region's international prefix anywhere in the window's digits, the number keeps the region's own
     * country code, and its national significant number is made of the substring's digits minus whatever prefix
     * parsing strips (country code, national prefix, carrier code; the regions' transform rules only shorten), so
     * it has at most as many digits as the window. Letters could add digits only through alpha-number
     * normalisation, which needs three ASCII letters; windows with three are never skipped.
     */
    static boolean cannotMatch(RegionGate gate, WindowFacts facts) {
        if (gate.idd == null || facts.plus || facts.letters >= 3 || facts.digits.length() >= gate.minLength) {
            return false;
        }
        return !gate.idd.matcher(facts.digits).find();
    }

    /** The window's digits (as ASCII, in order), whether it has a '+' and how many ASCII letters. */
    record WindowFacts(String digits, boolean plus, int letters) {

        static WindowFacts of(String text, int from, int to) {
            StringBuilder d = new StringBuilder(to - from);
            boolean plus = false;
            int letters = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (Character.isDigit(c)) {
                    d.append((char) ('0' + Character.digit(c, 10)));
                } else if (c == '+' || c == '\uff0b') {
                    plus = true;
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    letters++;
                }
            }
            return new WindowFacts(d.toString(), plus, letters);
        }
    }

    @Override
    public void find(String text, List<PiiEntity> out) {
        find(TextShape.of(text), out);
    }

    @Override
    public void find(TextShape shape, List<PiiEntity> out) {
        if (!shape.digitRun7) {
            return; // libphonenumber is the costliest recognizer; skip it unless some 7 digits sit close together
        }
        String text = shape.text;
        int before = out.size();
        int[] windows = candidateWindows(text);
        if (windows.length == 0) {
            return;
        }
        boolean[] done = new boolean[windows.length / 2];
        WindowFacts[] facts = new WindowFacts[windows.length / 2];
        Boolean context = null;
        for (int r = 0; r < regions.size(); r++) {
            String region = regions.get(r);
            for (int w = 0; w < windows.length; w += 2) {
                if (done[w / 2]) {
                    continue;
                }
                if (facts[w / 2] == null) {
                    facts[w / 2] = WindowFacts.of(text, windows[w], windows[w + 1]);
                }
                if (cannotMatch(gates[r], facts[w / 2])) {
                    continue;
                }
                int offset = windows[w];
                String window = text.substring(offset, windows[w + 1]);
                int added = 0;
                for (PhoneNumberMatch match : util.findNumbers(window, region, leniency, Long.MAX_VALUE)) {
                    int start = offset + match.start();
                    int end = offset + match.end();
                    if (digitCount(match.rawString()) < MIN_DIGITS || alreadyFound(out, before, start, end)) {
                        continue;
                    }
                    if (context == null) {
                        context = hasContext(text);
                    }
                    // Without context a number followed by a word is dropped whatever its validity: test that first,
                    // isValidNumber is costly.
                    if (!context && followedByWord(text, end)) {
                        continue;
                    }
                    boolean valid = util.isValidNumber(match.number());
                    if (!context && !valid) {
                        // Without phone talk, "possible" digit groups and numbers followed by a word ("3747 3911
                        // Fourth Avenue") are usually house numbers, postcodes or ids.
                        continue;
                    }
                    double score = (valid ? 0.6 : 0.45) + (context ? 0.25 : 0.0);
                    out.add(new PiiEntity(PiiTypes.PHONE_NUMBER, start, end, score));
                    added++;
                }
                if (added > 0 && digitsCovered(text, offset, windows[w + 1], out, before)) {
                    // Any later match needs digits of this window, and every one of them already lies inside a
                    // number found here: later regions could only find overlapping spans, which are dropped.
                    done[w / 2] = true;
                }
            }
        }
    }

    /**
     * The candidates libphonenumber reads, found once for all regions: {@link PhoneNumberUtil#findNumbers} runs
     * {@link #CANDIDATE} (its own candidate pattern) over the text and parses every candidate once per region, and
     * parsing is most of the cost. A match lies inside its candidate and keeps only candidates with
     * {@link #MIN_DIGITS} digits, so only candidates that have that many digits are parsed: each becomes a window
     * from its start to {@link #TRAILING} characters past its end (libphonenumber looks just past a candidate to
     * tell a time stamp). Candidates are enumerated only inside {@link #windows} (clusters of digits).
     * Returns [start, end) pairs in text order.
     */
    static int[] candidateWindows(String text) {
        int[] clusters = windows(text);
        int[] out = new int[8];
        int size = 0;
        for (int c = 0; c < clusters.length; c += 2) {
            int from = clusters[c];
            // The text libphonenumber used to see: the cluster window, whose end is the end of its input.
            String cluster = from == 0 && clusters[c + 1] == text.length() ? text : text.substring(from, clusters[c + 1]);
            int to = cluster.length();
            Matcher m = CANDIDATE.matcher(cluster);
            Matcher second = SECOND_NUMBER_START.matcher(cluster);
            int index = 0;
            while (index < to && m.find(index)) {
                int start = m.start();
                int end = m.end();
                second.region(start, end);
                if (second.find()) {
                    end = second.start();
                }
                index = end > start ? end : start + 1;
                if (digitCount(cluster, start, end) < MIN_DIGITS) {
                    continue;
                }
                int windowStart = from + start;
                int windowEnd = from + Math.min(to, end + TRAILING);
                if (size > 0 && windowStart <= out[size - 1]) {
                    out[size - 1] = Math.max(out[size - 1], windowEnd);
                    continue;
                }
                if (size + 2 > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                out[size] = windowStart;
                out[size + 1] = windowEnd;
                size += 2;
            }
        }
        return java.util.Arrays.copyOf(out, size);
    }

    /** The words {@link #CONTEXT} alternates between, shortest forms ("tel" covers "telephone", "call" "calling"). */
    private static final String[] CONTEXT_ROOTS = {"phone", "tel", "mobile", "cell", "fax", "office", "desk", "call",
        "text me", "whatsapp", "contact", "reach", "dial"};

    /**
     * {@code CONTEXT.matcher(text).find()}, with the regex started only at the first place one of its words occurs
     * (ASCII letters case-insensitively, as the pattern's {@code (?i)} without UNICODE_CASE compares). No match can start earlier, and transparent bounds let {@code \b}
     * see the character before, so the answer is the same; most texts contain none of the words and skip the regex.
     */
    private static final String[][] ROOTS_BY_LETTER = new String[128][];

    static {
        for (String root : CONTEXT_ROOTS) {
            String[] list = ROOTS_BY_LETTER[root.charAt(0)];
            list = list == null ? new String[1] : java.util.Arrays.copyOf(list, list.length + 1);
            list[list.length - 1] = root;
            ROOTS_BY_LETTER[root.charAt(0)] = list;
        }
    }

    static boolean hasContext(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            // (?i) without UNICODE_CASE folds ASCII only: a match begins with one of these letters in either case
            int lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
            String[] roots = lower < 128 ? ROOTS_BY_LETTER[lower] : null;
            if (roots == null) {
                continue;
            }
            for (String root : roots) {
                if (startsWithFolded(text, i, root)) {
                    Matcher m = CONTEXT.matcher(text);
                    m.useTransparentBounds(true);
                    m.region(i, n);
                    return m.find();
                }
            }
        }
        return false;
    }

    /** Whether {@code root} (lower case) occurs at {@code i}, ASCII letters compared case-insensitively. */
    private static boolean startsWithFolded(String text, int i, String root) {
        if (i + root.length() > text.length()) {
            return false;
        }
        for (int k = 1; k < root.length(); k++) {
            char c = text.charAt(i + k);
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != root.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digitsCovered(String text, int from, int to, List<PiiEntity> out, int firstOwn) {
        for (int i = from; i < to; i++) {
            if (Character.isDigit(text.charAt(i)) && !alreadyFound(out, firstOwn, i, i + 1)) {
                return false;
            }
        }
        return true;
    }

    private static int digitCount(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** Largest gap between two digits of one phone candidate: punctuation runs and extension words ("ext."). */
    private static final int GAP = 30;
    /** Context libphonenumber may read around a candidate: lead characters, time-stamp suffixes. */
    private static final int MARGIN = 32;

    /**
     * libphonenumber scans the whole text once per region, which is most of the PII cost. A candidate's digits are
     * never more than {@link #GAP} characters apart, so each candidate lies in one cluster of digits; only clusters
     * with at least {@link #MIN_DIGITS} digits can yield a number we keep. Returns [start, end) pairs of the merged
     * windows (cluster plus {@link #MARGIN}) in text order.
     */
    static int[] windows(String text) {
        int[] out = new int[8];
        int size = 0;
        int n = text.length();
        int clusterStart = -1;
        int lastDigit = -1;
        int digits = 0;
        for (int i = 0; i <= n; i++) {
            boolean digit = i < n && Character.isDigit(text.charAt(i));
            if (digit && clusterStart >= 0 && i - lastDigit > GAP) {
                size = close(out, size, clusterStart, lastDigit, digits, n);
                out = size + 2 > out.length ? java.util.Arrays.copyOf(out, out.length * 2) : out;
                clusterStart = -1;
            }
            if (digit) {
                if (clusterStart < 0) {
                    clusterStart = i;
                    digits = 0;
                }
                lastDigit = i;
                digits++;
            }
        }
        if (clusterStart >= 0) {
            size = close(out, size, clusterStart, lastDigit, digits, n);
        }
        return java.util.Arrays.copyOf(out, size);
    }

    private static int close(int[] out, int size, int first, int last, int digits, int n) {
        if (digits < MIN_DIGITS) {
            return size;
        }
        int start = Math.max(0, first - MARGIN);
        int end = Math.min(n, last + 1 + MARGIN);
        if (size > 0 && start <= out[size - 1]) {
            out[size - 1] = Math.max(out[size - 1], end);
            return size;
        }
        out[size] = start;
        out[size + 1] = end;
        return size + 2;
    }

    private static boolean alreadyFound(List<PiiEntity> out, int from, int start, int end) {
        for (int i = from; i < out.size(); i++) {
            PiiEntity e = out.get(i);
            if (e.start() < end && start < e.end()) {
                return true;
            }
        }
        return false;
    }

    private static boolean followedByWord(String text, int end) {
        int i = end;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i > end && i < text.length() && Character.isLetter(text.charAt(i));
    }

    private static int digitCount(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
