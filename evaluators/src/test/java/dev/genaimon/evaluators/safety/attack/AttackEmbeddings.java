package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Development aid (not a test): MiniLM sentence embeddings of the attack corpus, computed once and cached under
 * {@code evaluators/target/} (never committed: they are derived from corpus data). Keyed by row id; the cache is
 * recomputed when a row's text changed length. Run as a main to fill the cache and print the embedding cost.
 */
final class AttackEmbeddings {

    /** Texts are cut to their first {@code embed.cut} characters before embedding (0: whole text). */
    static final int CUT = Integer.getInteger("embed.cut", 0);

    static Path cacheFile(int cut) {
        return Path.of(System.getProperty("embed.cache", "target/attack-embeddings-minilm-cut" + cut + ".bin"));
    }

    static String cut(String text, int cut) {
        return cut > 0 && text.length() > cut ? text.substring(0, cut) : text;
    }

    private AttackEmbeddings() {
    }

    /** Vectors (L2-normalised) for {@code rows}, in order; computes and stores the missing ones. */
    static float[][] of(List<AttackCorpus.Row> rows) {
        return of(rows, CUT);
    }

    /** As {@link #of(List)} for texts cut to their first {@code cut} characters. */
    static float[][] of(List<AttackCorpus.Row> rows, int cut) {
        Map<String, float[]> cached = read(cacheFile(cut));
        List<AttackCorpus.Row> missing = rows.stream().filter(r -> !cached.containsKey(key(r))).toList();
        if (!missing.isEmpty()) {
            // the production path: bundled model, L2-normalised by SentenceEmbedder, no cache
            SentenceEmbedder model = new SentenceEmbedder(SentenceEmbedder.bundledModel(), 0);
            long t0 = System.nanoTime();
            long chars = 0;
            for (int i = 0; i < missing.size(); i += 16) {
                List<AttackCorpus.Row> batch = missing.subList(i, Math.min(missing.size(), i + 16));
                List<float[]> v = model.embedAll(batch.stream().map(r -> cut(r.text(), cut)).toList());
                for (int j = 0; j < batch.size(); j++) {
                    cached.put(key(batch.get(j)), v.get(j));
                    chars += batch.get(j).text().length();
                }
                if (i % 320 == 0) {
                    System.out.printf("  embedded %d/%d%n", i + batch.size(), missing.size());
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("embedded %d texts (%d chars) in %.1f s: %.2f ms per text%n", missing.size(), chars, s,
                    1000 * s / missing.size());
            write(cacheFile(cut), cached);
        }
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = cached.get(key(rows.get(i)));
        }
        return out;
    }

    /**
     * Vectors for {@code rows} as the cascade embeds them in production ({@link PromptEmbedder}: at most
     * {@code window} wordpieces, the first {@code head} and the last {@code window - head}, one prompt per model call),
     * cached under target/ like the others.
     */
    static float[][] ofWindow(List<AttackCorpus.Row> rows, int window, int head) {
        Path file = Path.of("target/attack-embeddings-minilm-window" + window + "-" + head + ".bin");
        Map<String, float[]> cached = read(file);
        List<AttackCorpus.Row> missing = rows.stream().filter(r -> !cached.containsKey(key(r))).toList();
        if (!missing.isEmpty()) {
            PromptEmbedder model = new PromptEmbedder(window, head);
            long t0 = System.nanoTime();
            for (AttackCorpus.Row r : missing) {
                cached.put(key(r), model.embed(r.text()));
            }
            System.out.printf("embedded %d texts (window %d, head %d) in %.1f s%n", missing.size(), window, head,
                    (System.nanoTime() - t0) / 1e9);
            write(file, cached);
        }
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = cached.get(key(rows.get(i)));
        }
        return out;
    }

    private static String key(AttackCorpus.Row r) {
        return r.id() + "#" + r.text().length();
    }

    static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = n == 0 ? 0 : (float) (v[i] / n);
        }
        return o;
    }

    private static Map<String, float[]> read(Path file) {
        Map<String, float[]> m = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return m;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String k = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                m.put(k, v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static void write(Path file, Map<String, float[]> m) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(m.size());
                for (var e : m.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float x : e.getValue()) {
                        out.writeFloat(x);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.root().orElseThrow().resolve(AttackCorpus.FILE));
        float[][] v = of(new ArrayList<>(rows));
        System.out.println(v.length + " vectors of " + v[0].length + " in " + cacheFile(CUT).toAbsolutePath());
    }
}
