package dev.genaimon.evaluators.quality.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A deterministic bag-of-words "embedding" (hashed stems) that counts its calls: fast tests without the model. */
final class FakeModel implements Function<List<String>, List<float[]>> {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public List<float[]> apply(List<String> batch) {
        calls.incrementAndGet();
        texts.addAndGet(batch.size());
        List<float[]> out = new ArrayList<>();
        for (String t : batch) {
            float[] v = new float[64];
            v[0] = 0.05f;
            for (String w : Texts.contentStems(t)) {
                v[Math.floorMod(w.hashCode(), 63) + 1] += 1;
            }
            out.add(v);
        }
        return out;
    }
}
