package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.json.AvroJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

class BenchDataTest {

    @Test
    void shouldCompressLikeRealTextNotLikeRepeatedSentences() {
        byte[] json = BenchData.ndjson(BenchData.interactions(600, 2048, 11));
        LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
        byte[] out = new byte[lz4.maxCompressedLength(65_536)];
        long in = 0;
        long compressed = 0;
        for (int i = 0; i + 65_536 <= json.length; i += 65_536) {
            compressed += lz4.compress(json, i, 65_536, out, 0, out.length);
            in += 65_536;
        }
        double ratio = (double) in / compressed;
        // real LLM text: ~1.9 x; the former eight repeated sentences: ~19 x (JSON field names add a little)
        assertThat(ratio).isBetween(1.3, 3.0);
    }

    @Test
    void shouldBeDeterministicPerSeedAndRoughlyTheRequestedSize() {
        List<Interaction> a = BenchData.interactions(200, 2048, 5);
        List<Interaction> b = BenchData.interactions(200, 2048, 5);
        assertThat(a.get(0).getInteractionId()).isEqualTo(b.get(0).getInteractionId());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).getResponse()).isEqualTo(b.get(i).getResponse());
            assertThat(a.get(i).getMessages().get(0).getContent()).isEqualTo(b.get(i).getMessages().get(0).getContent());
        }
        double meanBytes = a.stream().mapToInt(x -> AvroJson.toJson(x).toString().getBytes(StandardCharsets.UTF_8).length)
                .average().orElseThrow();
        assertThat(meanBytes).isBetween(1_700.0, 2_600.0);
    }

    @Test
    void shouldCarryPersonalDataInAFewInteractionsOnly() {
        List<Interaction> data = BenchData.interactions(2_000, 2048, 9);
        long withPii = data.stream().filter(x -> AvroJson.toJson(x).toString().contains("maria.lopez@example.com")).count();
        assertThat(withPii).isBetween(20L, 200L); // ~4 % of 2 KB interactions, as rare as in real traffic
    }
}
