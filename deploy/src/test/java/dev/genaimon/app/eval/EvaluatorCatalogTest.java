package dev.genaimon.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import dev.genaimon.evaluators.quality.local.LocalEvaluatorProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorCatalogTest {

    /** Stands in for the LLM judge's provider: one evaluator, and it remembers the settings it was given. */
    public static final class FakeJudgeProvider implements EvaluatorProvider {
        static final AtomicReference<Map<String, String>> SEEN = new AtomicReference<>();

        @Override
        public List<Evaluator> create(EvaluatorContext context) {
            SEEN.set(context.withPrefix("judge."));
            return List.of(new Evaluator() {
                @Override
                public String name() {
                    return "groundedness";
                }

                @Override
                public String version() {
                    return "judge-1";
                }

                @Override
                public EvaluationScore evaluate(EvaluationInput input) {
                    throw new IllegalStateException("judge down");
                }
            });
        }
    }

    @TempDir
    Path dir;

    private ClassLoader withJudgeProvider() throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(EvaluatorProvider.class.getName()),
                LocalEvaluatorProvider.class.getName() + "\n" + FakeJudgeProvider.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void shouldLoadTheJudgeWithItsPrefixedSettingsAndLetItReplaceTheLocalEvaluator() throws Exception {
        Path judge = dir.resolve("judge.yaml");
        // kind/model make the bundled judge provider (also on the classpath) valid too; its evaluators are judge_*
        Files.writeString(judge, "endpoint: http://127.0.0.1:9/\nkind: openai\nmodel: m\nbudget:\n  rpm: 60\n"
                + "evaluators: [groundedness, relevance]\n");
        Map<String, String> settings = EvaluatorCatalog.judgeSettings(judge);
        assertThat(settings).containsEntry("judge.endpoint", "http://127.0.0.1:9/")
                .containsEntry("judge.budget.rpm", "60").containsEntry("judge.evaluators", "groundedness,relevance");

        var loaded = EvaluatorCatalog.load(settings, true, List.of("groundedness", "length"), withJudgeProvider());
        assertThat(FakeJudgeProvider.SEEN.get()).containsEntry("budget.rpm", "60");
        assertThat(loaded.evaluators()).extracting(Evaluator::name, Evaluator::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("groundedness", "judge-1"),
                        org.assertj.core.groups.Tuple.tuple("length", "1"));
        assertThat(loaded.notes()).singleElement().asString().contains("replaces the local one");
    }

    @Test
    void shouldLoadOnlyTheLocalEvaluatorsWithoutJudgeAndRejectUnknownNames() throws Exception {
        var loaded = EvaluatorCatalog.load(Map.of(), false, List.of(), withJudgeProvider());
        assertThat(loaded.evaluators()).extracting(Evaluator::name).containsExactlyElementsOf(LocalEvaluatorProvider.NAMES);
        assertThatThrownBy(() -> EvaluatorCatalog.load(Map.of(), false, List.of("vibes"), getClass().getClassLoader()))
                .hasMessageContaining("unknown evaluator 'vibes'");
    }

    @Test
    void shouldTurnAThrowingEvaluatorIntoErrorResultsAndGoOn() throws Exception {
        var judge = new FakeJudgeProvider().create(new EvaluatorContext(Map.of())).get(0);
        var length = EvaluatorCatalog.load(Map.of(), false, List.of("length"), getClass().getClassLoader())
                .evaluators().get(0);
        StringWriter out = new StringWriter();
        var result = new EvalRunner(List.of(judge, length), new PrintWriter(new StringWriter())).run(
                new java.io.BufferedReader(new java.io.StringReader(
                        "{\"id\":\"a\",\"answer\":\"one two\"}\n{\"id\":\"b\",\"answer\":\"three\"}\n")), out, 2);
        assertThat(result.lines()).extracting(ScoreLine::id, ScoreLine::evaluator, ScoreLine::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "groundedness", "error"),
                org.assertj.core.groups.Tuple.tuple("a", "length", "ok"),
                org.assertj.core.groups.Tuple.tuple("b", "groundedness", "error"),
                org.assertj.core.groups.Tuple.tuple("b", "length", "ok"));
        assertThat(result.lines().get(0).reason()).contains("judge down");
        assertThat(out.toString().lines()).hasSize(4);
    }
}
