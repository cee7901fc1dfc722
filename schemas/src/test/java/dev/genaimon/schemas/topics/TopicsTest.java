package dev.genaimon.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.serde.AvroSerdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());

    @Test
    void shouldListEveryTopicOfTheArchitectureCatalog() {
        assertThat(topics.all()).extracting(TopicSpec::name).containsExactly(
                "genaimon.interactions.raw.v1", "genaimon.interactions.v1", "genaimon.feedback.v1",
                "genaimon.safety-flags.v1", "genaimon.eval-requests.v1", "genaimon.eval-scores.v1",
                "genaimon.baselines.v1", "genaimon.drift-reports.v1", "genaimon.signals.v1", "genaimon.alerts.v1",
                "genaimon.retraining-triggers.v1", "genaimon.ground-truth.v1", "genaimon.deployments.v1",
                "genaimon.dlq.v1", "genaimon.silences.v1", "genaimon.sources.azure-monitor.v1");
    }

    @Test
    void shouldKeepRawInteractionsShortAndBaselinesCompacted() {
        assertThat(topics.interactionsRaw().config()).containsEntry("retention.ms", "86400000");
        assertThat(topics.baselines().config()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.silences().config()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.azureMonitorWatermarks().config()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.azureMonitorWatermarks().partitions()).isEqualTo(1);
        assertThat(topics.interactions().partitions()).isEqualTo(6);
        assertThat(topics.byName("genaimon.dlq.v1")).contains(topics.dlq());
    }
}
