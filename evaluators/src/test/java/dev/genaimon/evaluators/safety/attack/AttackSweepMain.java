package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.Corpora;
import java.util.List;
import java.util.Map;

/**
 * Development aid (not a test): the random 5-fold and the attack-family-held-out numbers of
 * {@link PromptAttackCorpusTest} for several hyper-parameter settings in one JVM. Arguments:
 * {@code epochs:lr:l2} triples.
 */
final class AttackSweepMain {

    private AttackSweepMain() {
    }

    public static void main(String[] args) {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.root().orElseThrow().resolve(AttackCorpus.FILE));
        List<AttackCorpus.Row> nonBenign = rows.stream().filter(r -> !r.label().equals("benign")).toList();
        Map<String, Integer> fold = AttackCorpus.groupFolds(nonBenign, 5);
        boolean useExtras = Boolean.getBoolean("extras");
        List<AttackCorpus.Row> extras = useExtras ? AttackCorpus.extras(Corpora.root().orElseThrow(), rows) : List.of();
        System.out.println("extra training rows: " + extras.size());
        for (String a : args) {
            String[] p = a.split(":");
            DeepTrainer.Hyper d = AttackModelTraining.HYPER;
            DeepTrainer.Hyper h = new DeepTrainer.Hyper(Integer.parseInt(p[0]), Double.parseDouble(p[1]),
                    Double.parseDouble(p[2]), d.dim(), d.embedBits(), d.deepRate(), d.embedInit());
            System.out.println("=== " + h);
            PromptAttackCorpusTest.report("random 5-fold", rows,
                    PromptAttackCorpusTest.outOfFold(rows, extras, r -> r.id().startsWith("extra-") ? -1
                            : PromptAttackCorpusTest.idFold(r), h));
            PromptAttackCorpusTest.report("families held out", rows, PromptAttackCorpusTest.outOfFold(rows, extras,
                    r -> r.label().equals("benign") ? (r.id().startsWith("extra-") ? -1 : PromptAttackCorpusTest.idFold(r))
                            : fold.getOrDefault(r.subtype(), -1), h));
        }
    }
}
