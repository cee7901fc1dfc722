package dev.genaimon.evaluators.safety.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The phone recognizer as it was before candidates were found once for all regions (commit 9a51cab), kept as the
 * reference {@link PhoneEquivalenceTest} compares the fast one with. Phone numbers through libphonenumber's {@link PhoneNumberUtil#findNumbers}: each configured region is tried
 * (national formats differ per region; "+" numbers parse in any), candidates are deduplicated by span. A
 * number valid in some region scores higher than one that is merely possible.
 */
final class PhoneReference implements Recognizer {

    private static final Pattern CONTEXT = Pattern.compile(
            "(?i)\\b(?:phone|tel|telephone|mobile|cell|fax|office|desk|call|calling|text me|whatsapp|contact|reach|dial)");
    private static final int MIN_DIGITS = 7;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;
    private final Leniency leniency;

    PhoneReference(List<String> regions, Leniency leniency) {
        this.regions = List.copyOf(regions);
        this.leniency = leniency;
    }

    @Override
    public void find(String text, List<PiiEntity> out) {
        if (!hasDigitRun(text)) {
            return;
        }
        int before = out.size();
        int[] windows = windows(text);
        Boolean context = null;
        for (String region : regions) {
            for (int w = 0; w < windows.length; w += 2) {
                int offset = windows[w];
                String window = offset == 0 && windows[w + 1] == text.length() ? text
                        : text.substring(offset, windows[w + 1]);
                for (PhoneNumberMatch match : util.findNumbers(window, region, leniency, Long.MAX_VALUE)) {
                    int start = offset + match.start();
                    int end = offset + match.end();
                    if (digitCount(match.rawString()) < MIN_DIGITS || alreadyFound(out, before, start, end)) {
                        continue;
                    }
                    if (context == null) {
                        context = CONTEXT.matcher(text).find();
                    }
                    boolean valid = util.isValidNumber(match.number());
                    if (!context && (!valid || followedByWord(text, end))) {
                        // Without phone talk, "possible" digit groups and numbers followed by a word ("3747 3911
                        // Fourth Avenue") are usually house numbers, postcodes or ids.
                        continue;
                    }
                    double score = (valid ? 0.6 : 0.45) + (context ? 0.25 : 0.0);
                    out.add(new PiiEntity(PiiTypes.PHONE_NUMBER, start, end, score));
                }
            }
        }
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

    /** libphonenumber is the costliest recognizer; skip it unless some 7 digits sit close together. */
    private static boolean hasDigitRun(String text) {
        int digits = 0;
        int gap = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                gap = 0;
                if (digits >= MIN_DIGITS) {
                    return true;
                }
            } else if (++gap > 3) {
                digits = 0;
            }
        }
        return false;
    }
}
