package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingDriftTest {

    private static final int DIM = 16;

    @Test
    void shouldComputeTheUnbiasedMmdOfTheTextbookFormula() {
        List<float[]> x = List.of(vec(0, 0), vec(1, 0), vec(0, 1));
        List<float[]> y = List.of(vec(2, 2), vec(3, 2));
        List<float[]> pooled = new ArrayList<>(x);
        pooled.addAll(y);
        double[][] k = EmbeddingDrift.gaussianKernel(pooled);
        // brute force: 1/(n(n-1)) sum_{i!=j} k(xi,xj) + 1/(m(m-1)) sum_{i!=j} k(yi,yj) - 2/(nm) sum k(xi,yj)
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    xx += k[i][j];
                }
            }
            for (int j = 3; j < 5; j++) {
                xy += k[i][j];
            }
        }
        yy = k[3][4] + k[4][3];
        double expected = xx / 6 + yy / 2 - 2 * xy / 6;
        assertThat(EmbeddingDrift.mmd2(k, new int[] {0, 1, 2, 3, 4}, 3)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        // σ² = median squared distance: the kernel of a pair at exactly that distance is exp(-1/2)
        assertThat(k[0][1]).isBetween(0.0, 1.0);
        assertThat(k[2][2]).isEqualTo(1.0);
    }

    @Test
    void shouldKeepTheFalseAlarmRateNearAlphaWhenNothingChanged() {
        EmbeddingDrift drift = new EmbeddingDrift(new EmbeddingDrift.Settings(99, 4, 0.10, 0.05, 20, 7L));
        SplittableRandom random = new SplittableRandom(11);
        int alarms = 0;
        int runs = 100;
        for (int run = 0; run < runs; run++) {
            List<float[]> ref = mixture(random, 40, new double[] {0.5, 0.3, 0.2});
            List<float[]> cur = mixture(random, 40, new double[] {0.5, 0.3, 0.2});
            if (drift.compare(ref, cur).drifted()) {
                alarms++;
            }
        }
        System.out.printf("embedding drift null runs: %d alarms in %d at alpha 0.05%n", alarms, runs);
        // a permutation test is exact: about 5 alarms expected in 100 runs at alpha 0.05 (binomial sd ≈ 2.2)
        assertThat(alarms).isLessThanOrEqualTo(11);
    }

    @Test
    void shouldDetectATopicShiftThatKeepsTheCentroidAndNameTheTopicsThatMoved() {
        SplittableRandom random = new SplittableRandom(3);
        // two opposite topics: moving mass between +c and -c keeps the mean vector near the same place only
        // when shares are balanced; here the shares swap 80/20 -> 20/80 and the test must see it
        List<float[]> ref = mixture(random, 200, new double[] {0.8, 0.2, 0.0});
        List<float[]> cur = mixture(random, 200, new double[] {0.2, 0.8, 0.0});
        List<String> labels = new ArrayList<>();
        for (float[] v : ref) {
            labels.add(v[0] > v[1] ? "billing questions" : "password resets");
        }
        EmbeddingDrift.Result result = new EmbeddingDrift(EmbeddingDrift.Settings.DEFAULTS).compare(ref, labels, cur);

        assertThat(result.drifted()).isTrue();
        assertThat(result.pValue()).isLessThan(0.01);
        assertThat(result.mmd()).isPositive();
        assertThat(result.movedTopics()).isNotEmpty();
        EmbeddingDrift.TopicShift biggest = result.movedTopics().get(0);
        assertThat(Math.abs(biggest.change())).isGreaterThan(0.2);
        assertThat(result.movedTopics()).anySatisfy(t -> {
            assertThat(t.label()).isEqualTo("password resets");
            assertThat(t.change()).isPositive();
        });
        assertThat(result.movedTopics()).anySatisfy(t -> {
            assertThat(t.label()).isEqualTo("billing questions");
            assertThat(t.change()).isNegative();
        });
    }

    @Test
    void shouldSayInsufficientDataForSmallSamplesAndRejectMixedDimensions() {
        EmbeddingDrift drift = new EmbeddingDrift(EmbeddingDrift.Settings.DEFAULTS);
        SplittableRandom random = new SplittableRandom(5);
        EmbeddingDrift.Result small = drift.compare(mixture(random, 10, new double[] {1, 0, 0}),
                mixture(random, 300, new double[] {0, 1, 0}));
        assertThat(small.insufficientData()).isTrue();
        assertThat(small.drifted()).isFalse();
        assertThat(small.centroidCosineDistance()).isGreaterThan(0.5);

        assertThatThrownBy(() -> drift.compare(List.of(new float[3]), List.of(new float[4])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions");
    }

    @Test
    void shouldGiveTheSameAnswerForTheSameSamples() {
        SplittableRandom random = new SplittableRandom(9);
        List<float[]> ref = mixture(random, 60, new double[] {0.5, 0.5, 0});
        List<float[]> cur = mixture(random, 60, new double[] {0.4, 0.5, 0.1});
        EmbeddingDrift drift = new EmbeddingDrift(EmbeddingDrift.Settings.DEFAULTS);
        assertThat(drift.compare(ref, cur)).isEqualTo(drift.compare(ref, cur));
    }

    /**
     * Real text through the bundled MiniLM: Arena-Hard user questions as the reference; a disjoint set of Arena-Hard
     * questions must not drift, the same traffic with half of it replaced by jailbreak prompts must.
     */
    @Test
    void shouldSeeAJailbreakWaveInRealPromptsButNotAFreshSampleOfTheSameTraffic() throws IOException {
        Optional<Path> arena = SharedReference.corpus("production_traffic/arena_hard_v01_model_answers.jsonl");
        Optional<Path> attacks = SharedReference.corpus("prompt_attacks/prompts_dev.jsonl");
        assumeThat(arena).as("../shared/corpora/production_traffic is not present: skipping the real-text check").isPresent();
        assumeThat(attacks).as("../shared/corpora/prompt_attacks is not present: skipping the real-text check").isPresent();
        ObjectMapper json = new ObjectMapper();
        List<String> questions = new ArrayList<>(new LinkedHashSet<>(field(json, arena.get(), "prompt", null)));
        List<String> jailbreaks = field(json, attacks.get(), "text", "jailbreak");
        Collections.shuffle(questions, new Random(1));
        Collections.shuffle(jailbreaks, new Random(2));
        assumeThat(questions.size()).isGreaterThanOrEqualTo(450);

        List<String> reference = questions.subList(0, 150);
        List<String> control = questions.subList(150, 300);
        List<String> wave = new ArrayList<>(questions.subList(300, 375));
        wave.addAll(jailbreaks.subList(0, 75));

        SentenceEmbedder embedder = SentenceEmbedder.minilm();
        List<float[]> refVectors = embedder.embedAll(reference);
        EmbeddingDrift drift = new EmbeddingDrift(EmbeddingDrift.Settings.DEFAULTS);
        List<float[]> controlVectors = embedder.embedAll(control);
        List<float[]> waveVectors = embedder.embedAll(wave);
        long started = System.nanoTime();
        EmbeddingDrift.Result same = drift.compare(refVectors, reference, controlVectors);
        EmbeddingDrift.Result shifted = drift.compare(refVectors, reference, waveVectors);
        // the numbers docs/drift.md quotes (embedding time is the model's, measured in the quality docs)
        System.out.printf("embedding drift, 150 vs 150 MiniLM vectors: control p=%.4f centroid=%.4f; jailbreak wave"
                        + " p=%.4f centroid=%.4f moved=%s; two tests took %d ms%n", same.pValue(),
                same.centroidCosineDistance(), shifted.pValue(), shifted.centroidCosineDistance(),
                shifted.movedTopics().stream().map(EmbeddingDrift.TopicShift::describe).toList(),
                (System.nanoTime() - started) / 1_000_000);

        assertThat(same.drifted()).as("fresh sample of the same traffic: p = %s", same.pValue()).isFalse();
        assertThat(shifted.drifted()).as("jailbreak wave: p = %s", shifted.pValue()).isTrue();
        assertThat(shifted.centroidCosineDistance()).isGreaterThan(same.centroidCosineDistance());
        assertThat(shifted.movedTopics()).anySatisfy(t -> assertThat(t.change()).isGreaterThanOrEqualTo(0.10));
    }

    private static List<String> field(ObjectMapper json, Path file, String field, String labelContains) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            if (labelContains != null && !node.path("label").asText("").contains(labelContains)) {
                continue;
            }
            String text = node.path(field).asText("");
            if (!text.isBlank()) {
                out.add(text);
            }
        }
        return out;
    }

    /** Unit vectors around three orthogonal topic directions, drawn with the given shares. */
    private static List<float[]> mixture(SplittableRandom random, int n, double[] shares) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int topic = u < shares[0] ? 0 : u < shares[0] + shares[1] ? 1 : 2;
            float[] v = new float[DIM];
            v[topic] = 3f;
            double norm = 0;
            for (int t = 0; t < DIM; t++) {
                v[t] += (float) gaussian(random);
                norm += v[t] * v[t];
            }
            for (int t = 0; t < DIM; t++) {
                v[t] /= (float) Math.sqrt(norm);
            }
            out.add(v);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static float[] vec(float a, float b) {
        return new float[] {a, b};
    }
}
