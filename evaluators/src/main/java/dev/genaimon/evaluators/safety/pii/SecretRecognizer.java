package dev.genaimon.evaluators.safety.pii;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import dev.genaimon.evaluators.safety.text.GuardedPattern;
import dev.genaimon.evaluators.safety.text.Keywords;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials: provider tokens with fixed prefixes (AWS, GCP, GitHub, Slack, Azure connection strings), JWTs,
 * PEM private-key blocks, and generic high-entropy values assigned to key-like names.
 */
final class SecretRecognizer implements Recognizer {

    private static final Pattern AWS_ACCESS_KEY = Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b");
    private static final Pattern GCP_API_KEY = Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])");
    private static final Pattern GITHUB_TOKEN = Pattern.compile(
            "\\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,250})\\b");
    private static final Pattern SLACK_TOKEN = Pattern.compile(
            "\\bxox[abposre]-[A-Za-z0-9-]{10,250}|https://hooks\\.slack\\.com/services/[A-Za-z0-9/]{20,120}");
    private static final Pattern AZURE_KEY_RE = Pattern.compile(
            "(?i)(?:AccountKey|SharedAccessKey|AccessKey)=([A-Za-z0-9+/]{30,100}={0,2})"
                    + "|[?&]sig=([A-Za-z0-9%+/]{30,120}(?:%3D|=){0,2})");
    private static final Pattern JWT = Pattern.compile(
            "\\beyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{4,8000}\\.[A-Za-z0-9_-]{0,2000}");
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern PEM_END = Pattern.compile("-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern PEM_BODY_END = Pattern.compile("[^A-Za-z0-9+/=\\s]");
    private static final Pattern GENERIC_RE = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])(?:[a-z0-9]{0,20}[_-])?(?:api[_-]?key|apikey|secret|token|passwd|password|pwd|"
                    + "access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|subscription[_-]?key|credential)s?"
                    + "[\"']?\\s{0,3}(?:[:=]|=>)\\s{0,3}[\"']?([^\\s\"'`,;<>]{8,200})");
    private static final GuardedPattern AZURE_KEY = new GuardedPattern(AZURE_KEY_RE, PiiKeywords.AZURE_KEY);
    private static final GuardedPattern GENERIC = new GuardedPattern(GENERIC_RE, PiiKeywords.GENERIC_SECRET);

    @Override
    public void find(String text, List<PiiEntity> out) {
        find(TextShape.of(text), out);
    }

    /** Key-like names (Azure and generic patterns) are found by the shared keyword pass ({@link PiiKeywords}). */
    @Override
    public void find(TextShape shape, List<PiiEntity> out) {
        String text = shape.text;
        add(text, AWS_ACCESS_KEY, "AKI", "ASI", "ABI", "ACC", PiiTypes.AWS_ACCESS_KEY, 0.95, out);
        add(text, GCP_API_KEY, "AIza", null, null, null, PiiTypes.GCP_API_KEY, 0.95, out);
        if (text.contains("gh") && (text.contains("ghp_") || text.contains("gho_") || text.contains("ghu_")
                || text.contains("ghs_") || text.contains("ghr_") || text.contains("github_pat_"))) {
            add(text, GITHUB_TOKEN, "gh", null, null, null, PiiTypes.GITHUB_TOKEN, 0.95, out);
        }
        add(text, SLACK_TOKEN, "xox", "hooks.slack", null, null, PiiTypes.SLACK_TOKEN, 0.95, out);
        boolean eq = text.indexOf('=') >= 0;
        Keywords.Hits k = eq || shape.colons > 0 ? shape.hits() : null;
        if (eq) {
            findAzure(text, k, out);
        }
        if (text.indexOf("eyJ") >= 0) {
            findJwts(text, out);
        }
        if (text.indexOf("-----BEGIN") >= 0) {
            findPem(text, out);
        }
        if (k != null) {
            findGeneric(text, k, out);
        }
    }

    private static void add(String text, Pattern p, String g1, String g2, String g3, String g4, String type,
                            double score, List<PiiEntity> out) {
        // Substring guards: the pattern only runs when one of its literal prefixes occurs.
        if (!(text.contains(g1) || (g2 != null && text.contains(g2)) || (g3 != null && text.contains(g3))
                || (g4 != null && text.contains(g4)))) {
            return;
        }
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(new PiiEntity(type, m.start(), m.end(), score));
        }
    }

    private static void findAzure(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = AZURE_KEY.matcher(text, k);
        while (m.find()) {
            int g = m.group(1) != null ? 1 : 2;
            out.add(new PiiEntity(PiiTypes.AZURE_KEY, m.start(g), m.end(g), 0.9));
        }
    }

    private static void findJwts(String text, List<PiiEntity> out) {
        Matcher m = JWT.matcher(text);
        while (m.find()) {
            String token = m.group();
            int dot = token.indexOf('.');
            if (decodesToJsonObject(token.substring(0, dot))) {
                out.add(new PiiEntity(PiiTypes.JWT, m.start(), m.end(), 0.95));
            }
        }
    }

    /** A JWT header is base64url JSON; checking it avoids flagging random "eyJ..." strings. */
    static boolean decodesToJsonObject(String base64Url) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(pad(base64Url)), StandardCharsets.UTF_8).strip();
            return json.startsWith("{") && json.endsWith("}") && json.contains("\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String pad(String s) {
        int rem = s.length() % 4;
        return rem == 0 ? s : s + "=".repeat(4 - rem);
    }

    private static void findPem(String text, List<PiiEntity> out) {
        Matcher begin = PEM_BEGIN.matcher(text);
        int from = 0;
        while (begin.find(from)) {
            Matcher end = PEM_END.matcher(text);
            int stop;
            if (end.find(begin.end())) {
                stop = end.end();
            } else {
                // A truncated block (e.g. a log line cut off) is still a leaked key: cover the base64 body.
                Matcher body = PEM_BODY_END.matcher(text);
                stop = body.find(begin.end()) ? body.start() : text.length();
            }
            out.add(new PiiEntity(PiiTypes.PRIVATE_KEY, begin.start(), stop, 0.99));
            from = stop;
            if (from >= text.length()) {
                break;
            }
        }
    }

    private static void findGeneric(String text, Keywords.Hits k, List<PiiEntity> out) {
        GuardedPattern.Finder m = GENERIC.matcher(text, k);
        while (m.find()) {
            String value = m.group(1);
            // Placeholders and prose ("password: please reset") have low entropy or no digits/symbols.
            if (looksRandom(value)) {
                out.add(new PiiEntity(PiiTypes.API_KEY, m.start(1), m.end(1), 0.8));
            }
        }
    }

    static boolean looksRandom(String value) {
        if (value.length() < 8) {
            return false;
        }
        boolean digit = false;
        boolean letter = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            digit |= Character.isDigit(c);
            letter |= Character.isLetter(c);
        }
        if (!letter) {
            return false;
        }
        double h = Checksums.entropy(value);
        return digit ? h >= 3.0 : h >= 3.7 && value.length() >= 16;
    }
}
