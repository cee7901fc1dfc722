package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The write-buffer budget shared by every store of the process must not make a busy store flush tiny memtables because
 * many other stores hold a few records each (what stalled the feedback join in the full pipeline).
 */
class RocksDbFlushTest {

    // sizes no other test uses, so the shared write-buffer manager is this test's own
    private static final long CACHE_BYTES = (64L << 20) + 29;
    private static final long WRITE_BUFFER_BYTES = (16L << 20) + 29;
    private static final int IDLE_STORES = 60;

    @Test
    void shouldFlushABusyStoreByItsMemtableSizeWhileManyOtherStoresHoldAFewRecords(@TempDir Path dir)
            throws Exception {
        int bounded = busyStoreFiles(dir.resolve("bounded"), WRITE_BUFFER_BYTES, null);
        // the same with RocksDB's default arena block (write_buffer_size / 8): the other stores' blocks count against
        // the shared budget, and the busy store flushes smaller memtables more often
        long defaultArena = (WRITE_BUFFER_BYTES + 1) / 4 / 8;
        int withDefaultArena = busyStoreFiles(dir.resolve("default-arena"), WRITE_BUFFER_BYTES + 1, defaultArena);
        assertThat(bounded).as("L0 files of the busy store").isLessThanOrEqualTo(3);
        assertThat(withDefaultArena).as("L0 files with the default arena block").isGreaterThan(bounded);
    }

    /** 60 stores with 20 small records each, then 3 MB (less than one memtable) into one more; its L0 file count. */
    private static int busyStoreFiles(Path dir, long writeBufferBytes, Long arenaBlockBytes) throws Exception {
        RocksDB.loadLibrary();
        Files.createDirectories(dir);
        Map<String, Object> configs = new HashMap<>();
        configs.put(BoundedRocksDbConfig.BLOCK_CACHE_BYTES, CACHE_BYTES);
        configs.put(BoundedRocksDbConfig.WRITE_BUFFER_BYTES, writeBufferBytes);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (int s = 0; s < IDLE_STORES; s++) {
                RocksDB idle = openStore(dir.resolve("idle-" + s), configs, arenaBlockBytes, open);
                for (int i = 0; i < 20; i++) {
                    idle.put(bytes("k" + i), bytes("v".repeat(200)));
                }
            }
            RocksDB busy = openStore(dir.resolve("busy"), configs, arenaBlockBytes, open);
            byte[] value = bytes("x".repeat(2000));
            for (int i = 0; i < 1500; i++) {
                busy.put(bytes(String.format("key-%06d", i)), value);
            }
            try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
                busy.flush(wait);
            }
            assertThat(busy.get(bytes("key-001499"))).isEqualTo(value);
            // compaction is off: every flush the busy store made is still one L0 file
            return busy.getLiveFilesMetaData().size();
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception ignored) {
                    // closing a test store
                }
            }
        }
    }

    private static RocksDB openStore(Path path, Map<String, Object> configs, Long arenaBlockBytes,
                                     List<AutoCloseable> open) throws RocksDBException {
        Options options = new Options().setCreateIfMissing(true).setDisableAutoCompactions(true);
        options.setTableFormatConfig(new BlockBasedTableConfig());
        new BoundedRocksDbConfig().setConfig(path.getFileName().toString(), options, configs);
        if (arenaBlockBytes != null) {
            options.setArenaBlockSize(arenaBlockBytes);
        }
        open.add(options);
        RocksDB db = RocksDB.open(options, path.toString());
        open.add(db);
        return db;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
