package dev.genaimon.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void rateIsMaxOrAPositiveNumber() {
        assertThat(BenchCommand.parseRate("max")).isNull();
        assertThat(BenchCommand.parseRate("1500")).isEqualTo(1500.0);
        assertThatThrownBy(() -> BenchCommand.parseRate("0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchCommand.parseRate("fast")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void soakOptionsParseAsPeopleWriteThem() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--segments", "10000", "--duration", "30m", "--rate", "400",
                "--signal-window", "5s");
        assertThat(command.segments).isEqualTo(10_000);
        assertThat(command.duration).isEqualTo(Duration.ofMinutes(30));
        assertThat(command.signalWindow).isEqualTo(Duration.ofSeconds(5));
        assertThat(command.signalGrace).isEqualTo(Duration.ofSeconds(2));
        assertThat(command.rate).isEqualTo("400");
    }
}
