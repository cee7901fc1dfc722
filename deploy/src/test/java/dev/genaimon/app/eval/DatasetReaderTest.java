package dev.genaimon.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatasetReaderTest {

    @Test
    void shouldReadTheDatasetShapeWithStringOrListContext() {
        var one = DatasetReader.parse(1, "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\",\"context\":\"c\",\"ground_truth\":\"t\"}");
        assertThat(one.input().context()).containsExactly("c");
        assertThat(one.input().groundTruth()).isEqualTo("t");
        var many = DatasetReader.parse(2, "{\"id\":\"b\",\"answer\":\"x\",\"context\":[\"c1\",\"c2\"]}");
        assertThat(many.input().context()).containsExactly("c1", "c2");
        assertThat(many.input().question()).isEmpty();
        assertThat(DatasetReader.parse(3, "{\"answer\":\"x\"}").input().id()).isEqualTo("line-3");
    }

    @Test
    void shouldReadTheInteractionShape() {
        var line = DatasetReader.parse(1, "{\"interactionId\":\"i1\",\"tenant\":\"acme\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "{\"role\":\"user\",\"content\":\"last question\"}],\"response\":\"answer\","
                + "\"context\":[{\"content\":\"doc\",\"source\":\"kb\"}],\"groundTruth\":\"gt\"}");
        assertThat(line.error()).isNull();
        assertThat(line.input().id()).isEqualTo("i1");
        assertThat(line.input().tenant()).isEqualTo("acme");
        assertThat(line.input().question()).isEqualTo("last question");
        assertThat(line.input().context()).containsExactly("doc");
        assertThat(line.input().groundTruth()).isEqualTo("gt");
    }

    @Test
    void shouldExplainWhatIsWrongWithABadLine() {
        assertThat(DatasetReader.parse(1, "{").error()).startsWith("not JSON");
        assertThat(DatasetReader.parse(1, "[1]").error()).isEqualTo("not a JSON object");
        assertThat(DatasetReader.parse(1, "{\"id\":\"a\"}").error()).isEqualTo("missing \"answer\"");
        assertThat(DatasetReader.parse(1, "{\"answer\":{\"x\":1}}").error()).contains("\"answer\" must be a string");
        assertThat(DatasetReader.parse(1, "{\"answer\":\"a\",\"context\":[1]}").error()).contains("context");
    }
}
