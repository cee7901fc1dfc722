package dev.genaimon.processors;

import dev.genaimon.processors.dlq.DeadLetterHandler;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver configured as genaimon runs topologies: dead letters for bad records, a named stage. */
public final class TestDrivers {

    private TestDrivers() {
    }

    public static TopologyTestDriver withDeadLetters(Topology topology, String stage) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, stage + "-test");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.STAGE_CONFIG, stage);
        return new TopologyTestDriver(topology, props);
    }
}
