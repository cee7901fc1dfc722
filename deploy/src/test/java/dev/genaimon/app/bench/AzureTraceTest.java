package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class AzureTraceTest {

    private static final String CSV = """
            TIMESTAMP,ContextTokens,GeneratedTokens
            2023-11-16 18:15:46.6805900,374,44
            2023-11-16 18:15:46.6905900,1000,200
            2023-11-16 18:15:47.1905900,26,0
            """;

    @Test
    void parsesArrivalsWithSubMillisecondTimestamps() throws IOException {
        AzureTrace trace = AzureTrace.parse(new StringReader(CSV));
        assertThat(trace.arrivals()).hasSize(3);
        assertThat(trace.arrivals().get(0).contextTokens()).isEqualTo(374);
        assertThat(trace.arrivals().get(0).generatedTokens()).isEqualTo(44);
        assertThat(trace.gapsMillis()).containsExactly(10.0, 500.0);
    }

    @Test
    void sizesFollowTheTokensAtTheChosenMean() throws IOException {
        AzureTrace trace = AzureTrace.parse(new StringReader(CSV));
        // tokens 418, 1200, 26: mean 548
        int[] sizes = trace.sizes(4, 2000, 300);
        assertThat(sizes[0]).isEqualTo(Math.round(418 / 548.0 * 2000));
        assertThat(sizes[1]).isEqualTo(Math.round(1200 / 548.0 * 2000));
        assertThat(sizes[2]).as("clamped to the minimum").isEqualTo(300);
        assertThat(sizes[3]).as("the trace repeats").isEqualTo(sizes[0]);
    }

    @Test
    void aBadLineIsAnErrorNamingIt() {
        String bad = "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,44\nnot,a,line\n";
        assertThatThrownBy(() -> AzureTrace.parse(new StringReader(bad)))
                .isInstanceOf(IOException.class).hasMessageContaining("trace line 3");
        assertThatThrownBy(() -> AzureTrace.parse(new StringReader("a,b\n1,2\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("not an Azure inference trace");
    }
}
