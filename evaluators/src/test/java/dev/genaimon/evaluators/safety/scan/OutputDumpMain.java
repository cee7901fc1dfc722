package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import dev.genaimon.evaluators.safety.Corpora.Csv;
import java.util.List;
import java.util.stream.Stream;

/**
 * Development aid (not a test): writes the scanner's JSON output for every text field of every JSONL corpus under
 * the shared corpora, scanned as a prompt and as a response, plus the same texts packed into 2 KB. Two runs (old
 * and new code) must produce identical files when a speed change keeps the detectors' outputs.
 *
 * <p>Usage: {@code OutputDumpMain OUT_FILE} with {@code -Dgenaimon.shared.dir}.
 */
final class OutputDumpMain {

    private OutputDumpMain() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Corpora.root().orElseThrow();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode row : Corpora.readJsonl(file)) {
                for (Iterator<JsonNode> it = row.elements(); it.hasNext(); ) {
                    JsonNode v = it.next();
                    if (v.isTextual() && v.asText().length() >= 20) {
                        texts.add(v.asText());
                    }
                }
            }
        }
        texts.addAll(synthetic(3000, new java.util.Random(20261124L)));
        texts.addAll(digitHeavy(4000, new java.util.Random(20261125L)));
        StringBuilder packed = new StringBuilder();
        List<String> all = new ArrayList<>(texts);
        for (String t : texts) {
            packed.append(t).append("\n\n");
            if (packed.length() >= 2048) {
                all.add(packed.substring(0, 2048));
                packed.setLength(0);
            }
        }
        SafetyScanner scanner = SafetyScanner.createDefault();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8))) {
            for (int i = 0; i < all.size(); i++) {
                String t = all.get(i);
                out.println(scanner.scanToJson(new ScanRequest("p" + i, t, false, List.of()), SafetyScanner.ALL_DETECTORS));
                out.println(scanner.scanToJson(new ScanRequest("r" + i, t, true, List.of()), SafetyScanner.ALL_DETECTORS));
            }
        }
        System.out.println(all.size() + " texts");
    }

    private static final String[] PIECES = {
        " ", " ", " ", "  ", "-", ".", "/", "(", ")", "+", "+1 ", "+44 ", "+49 ", ":", "::", ",", ", ", "\n", "\t", "@",
        "://", "x", "ext. ", "#", "=", "\"", "'", "Mr. ", "Dr ", "my name is ", "Name: ", "called ", "Dear ", "John",
        "Smith", "Maria", "Garcia", "Ada", "Street", "St.", "Road", "Ave", "Rue", "Via", "Mellemvej", "strasse", "u.",
        "Apt", "Suite", "P.O. Box", "Box", "Toronto", "NY", "phone", "call", "tel", "SSN", "ssn", "card", "visa",
        "AKIA", "AIza", "ghp_", "xoxb-", "eyJ", "eyJhbGciOiJIUzI1NiJ9", "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----", "password=", "api_key: ", "token=", "AccountKey=", "?sig=", "https://", "user:pw",
        "example.com", "mail", "GB82", "WEST", "DE89", "fe80", "a1b2", "ÄÖ", "é", "Ünal", "ß", "١٢٣", "０１２",
        "the", "and", "of", "Hello", "WORLD", "I am ", "regards, ", "Paris"};

    private static final String[] PREFIXES = {"", "", "", "+", "+1 ", "+33 ", "+44 ", "+49 ", "+91 ", "+61 ", "+55 ",
        "+972 ", "+34 ", "+39 ", "+351 ", "+27 ", "00", "00 33 ", "0033", "011 ", "0011 ", "0012 ", "001 ", "0", "0 ",
        "(0)", "(", "1-", "\uff0b", "\uff10\uff11"};
    private static final String[] SEPARATORS = {" ", "-", ".", "/", "", " ", "\u2013", "\u00a0", ") ", " / ", ", "};
    private static final String[] CONTEXT = {"", "", "", "phone ", "Tel: ", "call me on ", "fax ", "WhatsApp ",
        "reach us at ", "dial ", "Order #", "Invoice no. ", "v", "on ", "$", "EUR ", "between ", "ISBN "};
    private static final String[] AFTER = {"", "", ".", " and", " Street", " pm", ":30", ":05", " ext. 12", " x55",
        " #", "%", " EUR", "th", "\n", " (mobile)", ",", ";"};

    /**
     * Phone-like and phone-unlike digit strings (fixed seed): numbers in national and international formats of many
     * countries, dates, times, amounts, versions, ids, with and without phone context, so every region of the phone
     * recognizer is exercised on texts of 7–15 digits.
     */
    static List<String> digitHeavy(int count, java.util.Random rnd) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < count; t++) {
            sb.setLength(0);
            int items = 1 + rnd.nextInt(6);
            for (int k = 0; k < items; k++) {
                sb.append(CONTEXT[rnd.nextInt(CONTEXT.length)]);
                int shape = rnd.nextInt(6);
                if (shape == 0) { // date
                    int y = 1950 + rnd.nextInt(80);
                    int m = 1 + rnd.nextInt(12);
                    int d = 1 + rnd.nextInt(28);
                    sb.append(switch (rnd.nextInt(4)) {
                        case 0 -> String.format("%d-%02d-%02d", y, m, d);
                        case 1 -> String.format("%02d/%02d/%d", d, m, y);
                        case 2 -> String.format("%02d.%02d.%d", d, m, y);
                        default -> String.format("%d/%d/%d", m, d, y % 100);
                    });
                } else if (shape == 1) { // amount or decimal
                    sb.append(rnd.nextInt(3) == 0 ? String.format("%,d.%02d", rnd.nextInt(90_000_000), rnd.nextInt(100))
                            : String.format("0.%09d", rnd.nextInt(1_000_000_000)));
                } else if (shape == 2) { // version or IP
                    sb.append(rnd.nextInt(256)).append('.').append(rnd.nextInt(256)).append('.')
                            .append(rnd.nextInt(256)).append('.').append(rnd.nextInt(256));
                } else { // grouped number with a prefix
                    sb.append(PREFIXES[rnd.nextInt(PREFIXES.length)]);
                    int groups = 1 + rnd.nextInt(5);
                    String sep = SEPARATORS[rnd.nextInt(SEPARATORS.length)];
                    for (int g = 0; g < groups; g++) {
                        if (g > 0) {
                            sb.append(sep);
                        }
                        int len = 1 + rnd.nextInt(g == 0 ? 4 : 5);
                        for (int d = 0; d < len; d++) {
                            sb.append((char) ('0' + rnd.nextInt(10)));
                        }
                    }
                }
                sb.append(AFTER[rnd.nextInt(AFTER.length)]).append(rnd.nextInt(3) == 0 ? "\n" : " ");
                if (rnd.nextInt(3) == 0) {
                    sb.append(PIECES[rnd.nextInt(PIECES.length)]).append(' ');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Random mixes of digit groups, separators and PII-ish fragments (fixed seed), to exercise edge cases. */
    static List<String> synthetic(int count, java.util.Random rnd) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < count; t++) {
            sb.setLength(0);
            int parts = 5 + rnd.nextInt(120);
            for (int p = 0; p < parts; p++) {
                int kind = rnd.nextInt(10);
                if (kind < 4) {
                    int digits = 1 + rnd.nextInt(kind == 0 ? 19 : 5);
                    for (int d = 0; d < digits; d++) {
                        sb.append((char) ('0' + rnd.nextInt(10)));
                    }
                } else if (kind < 5) {
                    int letters = 1 + rnd.nextInt(12);
                    for (int d = 0; d < letters; d++) {
                        int r = rnd.nextInt(62);
                        sb.append((char) (r < 10 ? '0' + r : r < 36 ? 'A' + r - 10 : 'a' + r - 36));
                    }
                } else {
                    sb.append(PIECES[rnd.nextInt(PIECES.length)]);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
