package dev.genaimon.processors.dlq;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error policy of every genaimon topology (tier one of the architecture's three): a record that cannot be
 * deserialized or processed goes to {@code genaimon.dlq.v1} with its provenance and the stream goes on. Registered with
 * {@code deserialization.exception.handler} and {@code processing.exception.handler}; configured with
 * {@link #STAGE_CONFIG}. A broken producer or broker is not handled here: that fails loudly.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Streams config key naming the stage in dead letters, e.g. {@code enrich}. */
    public static final String STAGE_CONFIG = "genaimon.dlq.stage";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String stage = "streams";

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(STAGE_CONFIG);
        if (configured != null) {
            stage = configured.toString();
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        LOG.warn("{}: undecodable record {}-{}@{} sent to the DLQ: {}", stage, record.topic(), record.partition(),
                record.offset(), exception.getMessage());
        // undecodable bytes are kept: they cannot be redacted, and they are what an operator needs to diagnose
        return DeserializationExceptionHandler.Response.resume(List.of(DeadLetters.record(stage, record.topic(),
                record.partition(), record.offset(), record.key(), record.value(), false, exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        LOG.warn("{}: record {}-{}@{} failed in {} and was sent to the DLQ: {}", stage, context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception.toString());
        // a decodable record that failed in processing may hold unredacted text: keep provenance, not content
        return ProcessingExceptionHandler.Response.resume(List.of(DeadLetters.record(stage, context.topic(),
                context.partition(), context.offset(), context.sourceRawKey(), null, true, exception)));
    }
}
