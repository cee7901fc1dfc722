package dev.genaimon.evaluators.safety.pii;

import java.math.BigInteger;
import java.util.Map;

/** Check-digit and validity rules that make numeric recognizers precise. */
final class Checksums {

    /** Official IBAN lengths for the countries we see most; others fall back to the generic 15..34 range. */
    static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
            Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
            Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21),
            Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
            Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
            Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24),
            Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24),
            Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Checksums() {
    }

    /** Luhn (mod 10) over the digits of {@code digits}; non-digits make it fail. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return digits.length() > 0 && sum % 10 == 0;
    }

    /** ISO 13616 check: move the first four characters to the end, letters to 10..35, the number mod 97 is 1. */
    static boolean ibanValid(String compact) {
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        Integer expected = IBAN_LENGTHS.get(compact.substring(0, 2));
        if (expected != null && expected != compact.length()) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        // Piecewise mod keeps this allocation-free apart from the substring; BigInteger is only a fallback for clarity.
        int mod = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                mod = (mod * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                int v = c - 'A' + 10;
                mod = (mod * 100 + v) % 97;
            } else {
                return false;
            }
        }
        return mod == 1;
    }

    /** Same check through BigInteger; used by tests to cross-check the incremental version. */
    static boolean ibanValidBig(String compact) {
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    /**
     * US SSN issuance rules: area 000, 666 and 900-999 are never issued, group 00 and serial 0000 are invalid,
     * and a few numbers printed on sample cards or used in ads are known fakes.
     */
    static boolean ssnValid(int area, int group, int serial) {
        if (area == 0 || area == 666 || area >= 900) {
            return false;
        }
        if (group == 0 || serial == 0) {
            return false;
        }
        return !(area == 78 && group == 5 && serial == 1120) // Woolworth wallet sample
                && !(area == 219 && group == 9 && serial == 9999) // 1940s ad
                && !(area == 123 && group == 45 && serial == 6789);
    }

    /** Shannon entropy in bits per character; secrets are random, words are not. */
    static double entropy(CharSequence s) {
        if (s.length() == 0) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int count : counts) {
            if (count > 0) {
                double p = count / n;
                h -= p * Math.log(p);
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * Math.log(p);
        }
        return h / Math.log(2);
    }
}
