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

    private static final Pattern EMAIL_RE = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,6}"
                    + "[A-Za-z]{2,24}(?![A-Za-z0-9-])");
    // 13-19 digits with optional single space/dash separators; validated by Luhn and issuer prefix below.
    private static final Pattern CARD_RE = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![\\d])");
    private static final Pattern CARD_CONTEXT = Pattern.compile("(?i)\\b(?:card|visa|mastercard|maestro|amex|cc)\\b");
    private static final Pattern IBAN_RE = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}");
    private static final Pattern SSN_RE = Pattern.compile("(?<![\\d-])(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\d-])");
    private static final Pattern SSN_CONTEXT = Pattern.compile("(?i)\\b(?:ssn|social security|social sec|ss#|ss no)");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4_RE = Pattern.compile(
            "(?<![\\d.])" + OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET + "(?!\\.?\\d)");
        private static final Pattern URL_CREDENTIALS_RE = Pattern.compile(
            "\\b[A-Za-z][A-Za-z0-9+.-]{1,15}://([^\\s:/@]{1,64}:[^\\s/@]{1,128})@[A-Za-z0-9.-]+");
    /**
     * Anchors every match must contain: '@' for email, a digit for the numeric types, ':' for IPv6, "://" for URL
     * credentials. The patterns only run in windows around them ({@link GuardedPattern}).
     */
    private static final Keywords KEYWORDS = Keywords.builder()
            .addWithin(0, 64, "@")
            .add(1, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
            .addWithin(2, 2, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
            .addWithin(3, 16, "://")
            .build();
    private static final GuardedPattern EMAIL = new GuardedPattern(EMAIL_RE, 0);
    private static final GuardedPattern CARD = new GuardedPattern(CARD_RE, 1);
    private static final GuardedPattern IBAN = new GuardedPattern(IBAN_RE, 2);
    private static final GuardedPattern SSN = new GuardedPattern(SSN_RE, 1);
    private static final GuardedPattern IPV4 = new GuardedPattern(IPV4_RE, 1);
    private static final GuardedPattern URL_CREDENTIALS = new GuardedPattern(URL_CREDENTIALS_RE, 3);

    @Override
    public void find(String text, List<PiiEntity> out) {
        boolean hasAt = text.indexOf('@') >= 0;
        int digits = countDigits(text);
        boolean ipv6 = text.indexOf("::") >= 0 || colons(text) >= 5;
        if (!hasAt && digits < 4 && !ipv6) {
            return;
        }
        Keywords.Hits k = KEYWORDS.scan(text);
        if (hasAt) {
            findEmails(text, k, out);
            if (text.indexOf("://") >= 0) {
                findUrlCredentials(text, k, out);
            }
        }
        if (digits >= 9) {
            findCards(text, k, out);
            findSsns(text, k, out);
            findIbans(text, k, out);
        }
        if (digits >= 4 && text.indexOf('.') >= 0) {
            findIpv4(text, k, out);
        }
        if (ipv6) {
            findIpv6(text, k, out);
        }
    }

    private static int countDigits(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    private static int colons(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':') {
                n++;
            }
        }
        return n;
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

    private static void findCards(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = CARD.matcher(text, k);
        StringBuilder digits = new StringBuilder(19);
        Boolean context = null;
        while (m.find()) {
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

    private static void findIbans(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = IBAN.matcher(text, k);
        StringBuilder compact = new StringBuilder(34);
        while (m.find()) {
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

    private static void findSsns(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = SSN.matcher(text, k);
        Boolean context = null;
        while (m.find()) {
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

    private static void findIpv4(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = IPV4.matcher(text, k);
        while (m.find()) {
            out.add(new PiiEntity(PiiTypes.IP_ADDRESS, m.start(), m.end(), 0.9));
        }
    }

    /**
     * Candidates are maximal runs of 2..39 hex digits and colons with no letter, digit or colon on either side (what
     * {@code (?<![0-9A-Za-z:])[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z:])} matches), found in one pass.
     */
    private static void findIpv6(String text, Keywords.Hits k, List<PiiEntity> out) {
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
