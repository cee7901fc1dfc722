package dev.genaimon.app.wiring;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB state store in the process: one LRU block cache and one
 * {@link WriteBufferManager} (memtables charged to that cache) shared by all stores of all stages, so memory does not
 * grow with the number of stores, partitions or windows' segments. Sizes come from
 * {@code streams.rocksdb.block-cache-bytes} and {@code streams.rocksdb.write-buffer-bytes}, which {@link StreamsApp}
 * passes to Kafka Streams under {@link #BLOCK_CACHE_BYTES} and {@link #WRITE_BUFFER_BYTES}.
 *
 * <p>The container's memory limit must cover heap + block cache + a little RocksDB overhead; see docs/deploy.md.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    static final String BLOCK_CACHE_BYTES = "genaimon.rocksdb.block.cache.bytes";
    static final String WRITE_BUFFER_BYTES = "genaimon.rocksdb.write.buffer.bytes";

    /** Index and filter blocks get this share of the cache with high priority, so they are not evicted by data. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;

    /** Memtable arena block: what an almost empty memtable charges to the write-buffer budget. */
    static final long ARENA_BLOCK_BYTES = 64L << 10;

    /** Shared per (cache size, write-buffer size): one instance for a whole genaimon process. Never closed. */
    private static final Map<Sizes, Shared> SHARED = new ConcurrentHashMap<>();

    record Sizes(long blockCacheBytes, long writeBufferBytes) {
    }

    /** The cache and write-buffer manager all stores use, and which stores use them (for tests and diagnostics). */
    record Shared(Sizes sizes, Cache cache, WriteBufferManager writeBuffers, Set<String> stores) {
        static Shared create(Sizes sizes) {
            Cache cache = new LRUCache(sizes.blockCacheBytes(), -1, false, HIGH_PRIORITY_RATIO);
            return new Shared(sizes, cache, new WriteBufferManager(sizes.writeBufferBytes(), cache),
                    ConcurrentHashMap.newKeySet());
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(sizes(configs));
        shared.stores().add(storeName);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        // memtables flush at a quarter of the shared budget at most, so one busy store cannot take all of it
        options.setWriteBufferSize(Math.max(1L << 20, shared.sizes().writeBufferBytes() / 4));
        options.setMaxWriteBufferNumber(2);
        // A memtable's arena takes memory in blocks of write_buffer_size / 8 (1 MB here) and charges each block to the
        // shared write-buffer manager. The full pipeline has ~120 RocksDB instances; with 1 MB blocks those holding a
        // few records each kept the manager over its whole budget, so every write made its own store flush a memtable
        // of a few KB: the feedback join (2 KB interactions) wrote thousands of tiny L0 files, compacted them again and
        // again and stalled its stream thread in RocksDB.put (docs/performance.md, issue 10). Small blocks charge what
        // a store really holds.
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared by every store in the process: never closed per store
    }

    static Shared shared(Sizes sizes) {
        return SHARED.computeIfAbsent(sizes, Shared::create);
    }

    static Sizes sizes(Map<String, Object> configs) {
        return new Sizes(bytes(configs, BLOCK_CACHE_BYTES, 64L << 20), bytes(configs, WRITE_BUFFER_BYTES, 32L << 20));
    }

    private static long bytes(Map<String, Object> configs, String name, long fallback) {
        Object value = configs.get(name);
        return value == null ? fallback : Long.parseLong(value.toString());
    }
}
