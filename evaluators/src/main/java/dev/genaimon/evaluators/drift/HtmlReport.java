package dev.genaimon.evaluators.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a drift comparison as one self-contained HTML file: inline CSS and SVG only (no
 * scripts, fonts or CDNs), so it can be attached to a CI run or mailed and still open offline.
 * Drifted features come first; each feature shows reference vs current proportions as
 * overlaid bars and its statistics with the rules that fired highlighted.
 */
final class HtmlReport {

    private static final int MAX_CATEGORIES = 25;
    private static final int WIDTH = 680;
    private static final int HEIGHT = 280;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 78;

    private HtmlReport() {
    }

    static String render(String title, DriftComparison.Summary summary) {
        List<DriftComparison.FeatureResult> ordered = new ArrayList<>(summary.results());
        ordered.sort(Comparator.comparingInt(HtmlReport::severity));
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"sub\">Mode: <b>")
                .append(summary.mode().name().toLowerCase(Locale.ROOT)).append("</b> · ")
                .append(summary.results().size()).append(" features · <span class=\"drift\">")
                .append(summary.drifted()).append(" drifted</span> · ")
                .append(summary.insufficientData()).append(" with insufficient data</p>\n");
        overview(h, ordered);
        for (int i = 0; i < ordered.size(); i++) {
            card(h, ordered.get(i), i);
        }
        h.append("<p class=\"foot\">Bins are the reference deciles (value v in (e<sub>i-1</sub>, e<sub>i</sub>]) for numeric features, ")
                .append("categories for categorical ones. PSI uses proportions floored at 1e-4; JS distance is base 2.</p>")
                .append("</body></html>\n");
        return h.toString();
    }

    private static void overview(StringBuilder h, List<DriftComparison.FeatureResult> results) {
        h.append("<table class=\"overview\"><thead><tr><th>feature</th><th>type</th><th>verdict</th>")
                .append("<th>effect size</th><th>p-value</th><th>PSI</th><th>n ref / cur</th></tr></thead><tbody>\n");
        for (int i = 0; i < results.size(); i++) {
            DriftComparison.FeatureResult r = results.get(i);
            Map<String, Double> s = r.statistics().asMap();
            String effect = r.numeric() ? "W/σ " + num(s.get("wasserstein_norm")) : "JS " + num(s.get("js_distance"));
            String p = r.numeric() ? num(s.get("ks_pvalue")) : num(s.get("chi2_pvalue"));
            h.append("<tr><td><a href=\"#f").append(i).append("\">").append(esc(r.name())).append("</a></td><td>")
                    .append(r.type()).append("</td><td>").append(badge(r.verdict())).append("</td><td>")
                    .append(effect).append("</td><td>").append(p).append("</td><td>").append(num(s.get("psi")))
                    .append(' ').append(psiBadge(r.verdict())).append("</td><td>").append(r.referenceCount())
                    .append(" / ").append(r.currentCount()).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void card(StringBuilder h, DriftComparison.FeatureResult r, int index) {
        DriftVerdict v = r.verdict();
        h.append("<section class=\"card ").append(v.status().name().toLowerCase(Locale.ROOT)).append("\" id=\"f")
                .append(index).append("\"><h2>").append(esc(r.name())).append(" <small>").append(r.type())
                .append("</small> ").append(badge(v)).append(' ').append(psiBadge(v)).append("</h2>\n");
        h.append("<p class=\"sub\">reference ").append(r.referenceCount()).append(" (").append(r.referenceNulls())
                .append(" null) · current ").append(r.currentCount()).append(" (").append(r.currentNulls())
                .append(" null) · ").append(esc(r.method())).append("</p>\n");
        if (!v.reasons().isEmpty()) {
            h.append("<ul class=\"reasons\">");
            v.reasons().forEach(reason -> h.append("<li>").append(esc(reason)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<div class=\"row\">");
        Histogram hist = r.numeric() ? r.statistics().histogram() : topCategories(r.statistics().histogram());
        h.append(svg(hist, r.numeric()));
        statsTable(h, r);
        h.append("</div></section>\n");
    }

    private static void statsTable(StringBuilder h, DriftComparison.FeatureResult r) {
        h.append("<table class=\"stats\"><thead><tr><th>statistic</th><th>value</th></tr></thead><tbody>");
        List<String> reasons = r.verdict().reasons();
        for (Map.Entry<String, Double> e : r.statistics().asMap().entrySet()) {
            boolean fired = reasons.stream().anyMatch(reason -> reason.startsWith(e.getKey() + " "));
            h.append("<tr").append(fired ? " class=\"hit\"" : "").append("><td>").append(e.getKey())
                    .append("</td><td>").append(num(e.getValue())).append("</td></tr>");
        }
        h.append("</tbody></table>");
    }

    /** Keeps the categories with the largest share on either side; the rest become one bar. */
    static Histogram topCategories(Histogram hist) {
        int n = hist.labels().size();
        if (n <= MAX_CATEGORIES) {
            return hist;
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingDouble((Integer i) -> -Math.max(hist.reference().get(i), hist.current().get(i))));
        List<String> labels = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        List<Double> cur = new ArrayList<>();
        double restRef = 0;
        double restCur = 0;
        for (int k = 0; k < n; k++) {
            int i = idx.get(k);
            if (k < MAX_CATEGORIES - 1) {
                labels.add(hist.labels().get(i));
                ref.add(hist.reference().get(i));
                cur.add(hist.current().get(i));
            } else {
                restRef += hist.reference().get(i);
                restCur += hist.current().get(i);
            }
        }
        labels.add("other (" + (n - MAX_CATEGORIES + 1) + ")");
        ref.add(restRef);
        cur.add(restCur);
        return new Histogram(labels, ref, cur);
    }

    static String svg(Histogram hist, boolean numeric) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"reference vs current ")
                .append(numeric ? "decile bins" : "categories").append("\">");
        int bins = hist.labels().size();
        if (bins == 0) {
            s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" class=\"muted\">no data</text></svg>");
            return s.toString();
        }
        double max = 0;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, Math.max(hist.reference().get(i), hist.current().get(i)));
        }
        double top = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        // grid and y axis in percent
        for (int g = 0; g <= 4; g++) {
            double value = top * g / 4;
            double y = TOP + plotH - plotH * g / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>",
                    LEFT, WIDTH - RIGHT, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"axis\">%s%%</text>",
                    LEFT - 6, y + 4, trimPercent(value * 100)));
        }
        double slot = plotW / bins;
        boolean rotate = bins > 8;
        for (int i = 0; i < bins; i++) {
            double r = hist.reference().get(i);
            double c = hist.current().get(i);
            double x = LEFT + slot * i;
            double rh = plotH * r / top;
            double ch = plotH * c / top;
            String label = hist.labels().get(i);
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"ref\"><title>%s — reference %.2f%%</title></rect>",
                    x + slot * 0.08, TOP + plotH - rh, slot * 0.84, rh, esc(label), r * 100));
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"cur\"><title>%s — current %.2f%%</title></rect>",
                    x + slot * 0.28, TOP + plotH - ch, slot * 0.44, ch, esc(label), c * 100));
            double lx = x + slot / 2;
            double ly = TOP + plotH + 14;
            String shortLabel = label.length() > 18 ? label.substring(0, 17) + "…" : label;
            if (rotate) {
                s.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\" class=\"axis\">%s</text>",
                        lx, ly, lx, ly, esc(shortLabel)));
            } else {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\">%s</text>",
                        lx, ly, esc(shortLabel)));
            }
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"baseline\"/>",
                LEFT, WIDTH - RIGHT, TOP + plotH, TOP + plotH));
        // legend
        s.append("<rect x=\"").append(LEFT).append("\" y=\"6\" width=\"12\" height=\"12\" class=\"ref\"/>")
                .append("<text x=\"").append(LEFT + 16).append("\" y=\"16\" class=\"axis\">reference</text>")
                .append("<rect x=\"").append(LEFT + 90).append("\" y=\"6\" width=\"12\" height=\"12\" class=\"cur\"/>")
                .append("<text x=\"").append(LEFT + 106).append("\" y=\"16\" class=\"axis\">current</text>");
        s.append("</svg>");
        return s.toString();
    }

    private static double niceCeiling(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double[] steps = {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};
        for (double s : steps) {
            if (max <= s) {
                return s;
            }
        }
        return 1;
    }

    private static String trimPercent(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v); // 0.4·3/4·100 is 30.000000000000004
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static int severity(DriftComparison.FeatureResult r) {
        return switch (r.verdict().status()) {
            case DRIFT -> 0;
            case NO_DRIFT -> r.verdict().psiLevel() == DriftVerdict.PsiLevel.OK ? 2 : 1;
            case INSUFFICIENT_DATA -> 3;
        };
    }

    private static String badge(DriftVerdict v) {
        return switch (v.status()) {
            case DRIFT -> "<span class=\"badge b-drift\">drift</span>";
            case NO_DRIFT -> "<span class=\"badge b-ok\">no drift</span>";
            case INSUFFICIENT_DATA -> "<span class=\"badge b-na\">insufficient data</span>";
        };
    }

    private static String psiBadge(DriftVerdict v) {
        return switch (v.psiLevel()) {
            case OK -> "";
            case WARN -> "<span class=\"badge b-warn\">PSI warn</span>";
            case ALERT -> "<span class=\"badge b-drift\">PSI alert</span>";
        };
    }

    static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "–";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a < 1e-4 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#1f2937;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 4px}h2 small{color:#6b7280;font-weight:400}
            .sub{color:#6b7280;margin:0 0 10px}.foot{color:#6b7280;font-size:12px;margin-top:24px}
            .drift{color:#b91c1c;font-weight:600}
            table{border-collapse:collapse}th,td{padding:4px 10px;text-align:left;border-bottom:1px solid #e5e7eb}
            th{font-weight:600;color:#374151;background:#f9fafb}
            .overview{width:100%;margin-bottom:20px}.overview a{color:#1d4ed8;text-decoration:none}
            .card{border:1px solid #e5e7eb;border-left:6px solid #10b981;border-radius:8px;padding:14px 16px;margin:14px 0}
            .card.drift{border-left-color:#dc2626}.card.insufficient_data{border-left-color:#9ca3af}
            .row{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
            .stats td:last-child{font-variant-numeric:tabular-nums;text-align:right}
            .stats tr.hit td{background:#fee2e2;color:#991b1b;font-weight:600}
            .reasons{margin:4px 0 10px;color:#991b1b}
            .badge{display:inline-block;font-size:12px;font-weight:600;border-radius:999px;padding:1px 9px;vertical-align:middle}
            .b-drift{background:#fee2e2;color:#991b1b}.b-ok{background:#d1fae5;color:#065f46}
            .b-na{background:#e5e7eb;color:#374151}.b-warn{background:#fef3c7;color:#92400e}
            svg .ref{fill:#64748b;fill-opacity:.45}svg .cur{fill:#f97316;fill-opacity:.9}
            svg .grid{stroke:#e5e7eb}svg .baseline{stroke:#9ca3af}svg .axis{font-size:11px;fill:#4b5563}svg .muted{fill:#9ca3af}
            """;
}
