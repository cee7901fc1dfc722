package dev.genaimon.evaluators.safety.pii;

import dev.genaimon.evaluators.safety.text.GuardedPattern;
import dev.genaimon.evaluators.safety.text.Keywords;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email, credit card, IBAN, US SSN, IPv4/IPv6 and credentials in URLs. Every pattern is bounded (no nested
 * unbounded quantifiers) and guarded by a cheap character test, so clean text costs one pass per guard.
 */
final class StructuredRecognizer implements Recognizer {

    static final Pattern EMAIL_RE = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,6}"
                    + "[A-Za-z]{2,24}(?![A-Za-z0-9-])");
    // 13-19 digits with optional single space/dash separators; validated by Luhn and issuer prefix below.
    static final Pattern CARD_RE = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![\\d])");
    private static final Pattern CARD_CONTEXT = Pattern.compile("(?i)\\b(?:card|visa|mastercard|maestro|amex|cc)\\b");
    static final Pattern IBAN_RE = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}");
    static final Pattern SSN_RE = Pattern.compile("(?<![\\d-])(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\d-])");
    private static final Pattern SSN_CONTEXT = Pattern.compile("(?i)\\b(?:ssn|social security|social sec|ss#|ss no)");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    static final Pattern IPV4_RE = Pattern.compile(
            "(?<![\\d.])" + OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET + "(?!\\.?\\d)");
        private static final Pattern URL_CREDENTIALS_RE = Pattern.compile(
            "\\b[A-Za-z][A-Za-z0-9+.-]{1,15}://([^\\s:/@]{1,64}:[^\\s/@]{1,128})@[A-Za-z0-9.-]+");
    /**
     * Email and URL-credentials matches contain '@' / "://" ({@link PiiKeywords}); those patterns run in windows
     * around them ({@link GuardedPattern}). The numeric patterns start with a digit that follows no digit, so they
     * are tried only at the starts of digit runs ({@link TextShape.At}).
     */
    private static final GuardedPattern EMAIL = new GuardedPattern(EMAIL_RE, PiiKeywords.EMAIL);
    private static final GuardedPattern URL_CREDENTIALS = new GuardedPattern(URL_CREDENTIALS_RE, PiiKeywords.URL_CREDENTIALS);

    @Override
    public void find(String text, List<PiiEntity> out) {
        find(TextShape.of(text), out);
    }

    @Override
    public void find(TextShape shape, List<PiiEntity> out) {
        String text = shape.text;
        boolean hasAt = shape.hasAt;
        int digits = shape.digits;
        boolean ipv6 = shape.hasDoubleColon || shape.colons >= 5;
        if (!hasAt && digits < 4 && !ipv6) {
            return;
        }
        if (hasAt) {
            Keywords.Hits k = shape.hits();
            findEmails(text, k, out);
            if (text.indexOf("://") >= 0) {
                findUrlCredentials(text, k, out);
            }
        }
        if (digits >= 9) {
            findCards(shape, out);
            findSsns(shape, out);
            findIbans(shape, out);
        }
        if (digits >= 4 && shape.hasDot) {
            findIpv4(shape, out);
        }
        if (ipv6) {
            findIpv6(text, out);
        }
    }

    private static void findEmails(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = EMAIL.matcher(text, k);
        while (m.find()) {
            out.add(new PiiEntity(PiiTypes.EMAIL_ADDRESS, m.start(), m.end(), 0.95));
        }
    }

    private static void findUrlCredentials(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = URL_CREDENTIALS.matcher(text, k);
        while (m.find()) {
            // Redact just user:password so the host stays visible for debugging.
            out.add(new PiiEntity(PiiTypes.URL_CREDENTIALS, m.start(1), m.end(1), 0.95));
        }
    }

    private static void findCards(TextShape shape, List<PiiEntity> out) {
        String text = shape.text;
        TextShape.At at = new TextShape.At(CARD_RE, text, shape.runStarts, shape.runCount);
        Matcher m = at.matcher();
        StringBuilder digits = new StringBuilder(19);
        Boolean context = null;
        while (at.find()) {
            digits.setLength(0);
            for (int i = m.start(); i < m.end(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits.append(c);
                }
            }
            if (digits.length() > 19 || !Checksums.luhn(digits)) {
                continue;
            }
            if (digits.length() >= 13 && knownIssuer(digits)) {
                out.add(new PiiEntity(PiiTypes.CREDIT_CARD, m.start(), m.end(), 0.95));
                continue;
            }
            // Maestro and other short/unusual numbers: one in ten random numbers passes Luhn, so ask for context.
            if (context == null) {
                context = CARD_CONTEXT.matcher(text).find();
            }
            if (context) {
                out.add(new PiiEntity(PiiTypes.CREDIT_CARD, m.start(), m.end(), 0.8));
            }
        }
    }

    /** Visa 4, Mastercard 51-55/22-27, Amex 34/37, Discover 6, Diners 30/36/38, JCB 35/1800/2131. */
    private static boolean knownIssuer(CharSequence d) {
        char first = d.charAt(0);
        char second = d.charAt(1);
        return switch (first) {
            case '4', '6' -> true;
            case '5' -> second >= '1' && second <= '5';
            case '3' -> second == '0' || second == '4' || second == '5' || second == '6' || second == '7' || second == '8';
            case '2' -> second >= '1' && second <= '7';
            case '1' -> d.length() >= 4 && d.subSequence(0, 4).toString().equals("1800");
            default -> false;
        };
    }

    private static void findIbans(TextShape shape, List<PiiEntity> out) {
        String text = shape.text;
        // A match starts with two capitals and two digits: two characters before the start of a digit run.
        int[] starts = null;
        int count = 0;
        for (int r = 0; r < shape.runCount; r++) {
            int d = shape.runStarts[r];
            if (d >= 2 && d + 1 < text.length() && isUpper(text.charAt(d - 2)) && isUpper(text.charAt(d - 1))
                    && isDigit(text.charAt(d + 1))) {
                if (starts == null) {
                    starts = new int[shape.runCount];
                }
                starts[count++] = d - 2;
            }
        }
        if (count == 0) {
            return;
        }
        TextShape.At at = new TextShape.At(IBAN_RE, text, starts, count);
        Matcher m = at.matcher();
        StringBuilder compact = new StringBuilder(34);
        while (at.find()) {
            compact.setLength(0);
            // Remember where each compact character came from, so a shorter valid prefix maps back to a span.
            int[] positions = new int[34];
            for (int i = m.start(); i < m.end() && compact.length() < 34; i++) {
                char c = text.charAt(i);
                if (c != ' ') {
                    positions[compact.length()] = i;
                    compact.append(c);
                }
            }
            Integer expected = Checksums.IBAN_LENGTHS.get(compact.substring(0, 2));
            int length = expected != null ? Math.min(expected, compact.length()) : compact.length();
            String candidate = compact.substring(0, length);
            if (Checksums.ibanValid(candidate)) {
                out.add(new PiiEntity(PiiTypes.IBAN_CODE, m.start(), positions[length - 1] + 1, 0.95));
            }
        }
    }

    private static void findSsns(TextShape shape, List<PiiEntity> out) {
        String text = shape.text;
        TextShape.At at = new TextShape.At(SSN_RE, text, shape.runStarts, shape.runCount);
        Matcher m = at.matcher();
        Boolean context = null;
        while (at.find()) {
            int area = Integer.parseInt(m.group(1));
            int group = Integer.parseInt(m.group(3));
            int serial = Integer.parseInt(m.group(4));
            if (!Checksums.ssnValid(area, group, serial)) {
                continue;
            }
            boolean separated = !m.group(2).isEmpty();
            if (context == null) {
                context = SSN_CONTEXT.matcher(text).find();
            }
            // A bare 9-digit number is only an SSN when the text talks about one.
            if (separated || context) {
                double score = separated ? (context ? 0.95 : 0.85) : 0.6;
                out.add(new PiiEntity(PiiTypes.US_SSN, m.start(), m.end(), score));
            }
        }
    }

    private static void findIpv4(TextShape shape, List<PiiEntity> out) {
        TextShape.At at = new TextShape.At(IPV4_RE, shape.text, shape.runStarts, shape.runCount);
        Matcher m = at.matcher();
        while (at.find()) {
            out.add(new PiiEntity(PiiTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
        }
    }

    /**
     * Candidates are maximal runs of 2..39 hex digits and colons with no letter, digit or colon on either side (what
     * {@code (?<![0-9A-Za-z:])[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z:])} matches), found in one pass.
     */
    private static void findIpv6(String text, List<PiiEntity> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isHexOrColon(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isHexOrColon(text.charAt(i))) {
                i++;
            }
            int len = i - start;
            boolean before = start == 0 || !isAlnumOrColon(text.charAt(start - 1));
            boolean after = i == n || !isAlnumOrColon(text.charAt(i));
            if (len >= 2 && len <= 39 && before && after && isIpv6(text, start, i)) {
                out.add(new PiiEntity(PiiTypes.IP_ADDRESS, start, i, 0.9));
            }
        }
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexOrColon(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
    }

    private static boolean isAlnumOrColon(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':';
    }

    /** RFC 4291 text form without the embedded-IPv4 variant: 8 groups, or fewer with exactly one "::". */
    static boolean isIpv6(CharSequence s, int from, int to) {
        int groups = 0;
        int doubleColons = 0;
        int groupLen = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                if (i + 1 < to && s.charAt(i + 1) == ':') {
                    doubleColons++;
                    if (groupLen > 0) {
                        groups++;
                    }
                    groupLen = 0;
                    i++;
                    if (i + 1 < to && s.charAt(i + 1) == ':') {
                        return false;
                    }
                    continue;
                }
                if (groupLen == 0) {
                    return false; // leading single colon or ":" right after "::" handled above
                }
                groups++;
                groupLen = 0;
                if (i + 1 == to) {
                    return false; // trailing single colon
                }
            } else {
                groupLen++;
                if (groupLen > 4) {
                    return false;
                }
            }
        }
        if (groupLen > 0) {
            groups++;
        }
        if (doubleColons > 1) {
            return false;
        }
        return doubleColons == 1 ? groups <= 7 && groups >= 1 : groups == 8;
    }
}
