package dev.genaimon.evaluators.safety.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a non-overlapping subset of candidates: higher score wins, then the longer span (a full address beats
 * the house number inside it), then the earlier one. Output is sorted by start.
 */
final class OverlapResolver {

    private static final Comparator<PiiEntity> PRIORITY = Comparator.comparingDouble(PiiEntity::score).reversed()
            .thenComparing(Comparator.comparingInt(PiiEntity::length).reversed())
            .thenComparingInt(PiiEntity::start);

    private OverlapResolver() {
    }

    static List<PiiEntity> resolve(List<PiiEntity> candidates) {
        if (candidates.size() <= 1) {
            return List.copyOf(candidates);
        }
        List<PiiEntity> sorted = new ArrayList<>(candidates);
        sorted.sort(PRIORITY);
        List<PiiEntity> kept = new ArrayList<>(sorted.size());
        for (PiiEntity candidate : sorted) {
            boolean clash = false;
            for (PiiEntity k : kept) {
                if (k.overlaps(candidate)) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(PiiEntity::start));
        return List.copyOf(kept);
    }
}
