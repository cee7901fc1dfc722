package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedRocksDbConfigTest {

    // sizes no other test uses, so the shared instance below is this test's own
    private static final long CACHE_BYTES = (2L << 20) + 17;
    private static final long WRITE_BUFFER_BYTES = (1L << 20) + 17;

    @Test
    void shouldShareOneBoundedCacheAcrossRealRocksDbStores(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : new String[] {"bounded-a", "bounded-b"}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.String()));
        }
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(PutInBoth::new, Named.as("put-in-both"), "bounded-a", "bounded-b");

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(BoundedRocksDbConfig.BLOCK_CACHE_BYTES, CACHE_BYTES);
        props.put(BoundedRocksDbConfig.WRITE_BUFFER_BYTES, WRITE_BUFFER_BYTES);

        BoundedRocksDbConfig.Shared shared;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(),
                    new StringSerializer());
            String value = "x".repeat(1024);
            // 8 MB into each store: four times the whole cache, eight times the write-buffer budget
            for (int i = 0; i < 8192; i++) {
                in.pipeInput("key-" + i, value + i);
            }
            shared = BoundedRocksDbConfig.shared(new BoundedRocksDbConfig.Sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
            KeyValueStore<String, String> a = driver.getKeyValueStore("bounded-a");
            assertThat(a.get("key-8191")).isEqualTo(value + 8191);
            assertThat(a.approximateNumEntries()).isGreaterThan(0);

            assertThat(shared.stores()).containsExactlyInAnyOrder("bounded-a", "bounded-b");
            long usage = shared.cache().getUsage();
            // memtables are charged to the cache by the write-buffer manager, so it is in use, and within its size
            assertThat(usage).isPositive().isLessThanOrEqualTo(CACHE_BYTES);
        }
        assertThat(BoundedRocksDbConfig.shared(new BoundedRocksDbConfig.Sizes(CACHE_BYTES, WRITE_BUFFER_BYTES)))
                .isSameAs(shared);
    }

    private static final class PutInBoth implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> a;
        private KeyValueStore<String, String> b;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            a = context.getStateStore("bounded-a");
            b = context.getStateStore("bounded-b");
        }

        @Override
        public void process(Record<String, String> record) {
            a.put(record.key(), record.value());
            b.put(record.key(), record.value());
        }
    }
}
