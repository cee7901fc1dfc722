package dev.genaimon.evaluators.safety.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;
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

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;
    private final Leniency leniency;

    PhoneRecognizer(List<String> regions, Leniency leniency) {
        this.regions = List.copyOf(regions);
        this.leniency = leniency;
    }

    @Override
    public void find(String text, List<PiiEntity> out) {
        if (!hasDigitRun(text)) {
            return;
        }
        int before = out.size();
        Boolean context = null;
        for (String region : regions) {
            for (PhoneNumberMatch match : util.findNumbers(text, region, leniency, Long.MAX_VALUE)) {
                int start = match.start();
                int end = match.end();
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
