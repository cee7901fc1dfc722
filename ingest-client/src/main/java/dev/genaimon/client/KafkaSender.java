package dev.genaimon.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.validate.FeedbackValidator;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.validate.ItemError;
import dev.genaimon.schemas.validate.Validated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka mode's background thread: validates what the caller queued with the ingest's own validators, encodes it
 * as the HTTP ingest does (value serde of the topic, key interactionId, record timestamp = event time) and hands it
 * to the producer. A record the producer fails with a retriable error comes back through a delay queue and is sent
 * again after a backoff. Every item ends in {@code sent}, {@code failed} (including {@code rejected}) exactly once.
 */
final class KafkaSender implements Runnable {

    enum Kind {
        INTERACTION, FEEDBACK;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the queue holds. */
    sealed interface Entry permits Item, FlushMarker {
    }

    /** One interaction or feedback as the caller gave it. */
    record Item(Kind kind, ObjectNode json) implements Entry {
    }

    /** Counted down once everything queued before it has been acknowledged, rejected or given up. */
    record FlushMarker(CountDownLatch done) implements Entry {
    }

    /** An encoded record waiting for its next attempt. */
    private record Retry(ProducerRecord<byte[], byte[]> record, String id, int attempt, long dueNanos)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Retry) other).dueNanos);
        }
    }

    private final GenaimonKafkaClient.Settings settings;
    private final BlockingQueue<Entry> queue;
    private final Producer<byte[], byte[]> producer;
    private final InteractionValidator interactions;
    private final FeedbackValidator feedback;
    private final Serializer<dev.genaimon.schemas.avro.Interaction> interactionSerializer;
    private final Serializer<dev.genaimon.schemas.avro.Feedback> feedbackSerializer;
    private final Backoff backoff;
    private final ThrottledLog log;
    private final Consumer<GenaimonKafkaClient.Rejection> onRejected;
    private final DelayQueue<Retry> retries = new DelayQueue<>();
    private final List<FlushMarker> flushes = new ArrayList<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    /** Items taken from the queue and not yet sent or failed (in the producer or waiting for a retry). */
    final AtomicLong inFlight = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean abandoned;
    private volatile boolean finished;

    KafkaSender(GenaimonKafkaClient.Settings settings, BlockingQueue<Entry> queue, Producer<byte[], byte[]> producer,
                InteractionValidator interactions, FeedbackValidator feedback, AvroSerdes serdes, Backoff backoff,
                ThrottledLog log, Consumer<GenaimonKafkaClient.Rejection> onRejected) {
        this.settings = settings;
        this.queue = queue;
        this.producer = producer;
        this.interactions = interactions;
        this.feedback = feedback;
        this.interactionSerializer = serdes.valueSerde(dev.genaimon.schemas.avro.Interaction.class).serializer();
        this.feedbackSerializer = serdes.valueSerde(dev.genaimon.schemas.avro.Feedback.class).serializer();
        this.backoff = backoff;
        this.log = log;
        this.onRejected = onRejected;
    }

    /** Finish what is queued, then exit. */
    void stop() {
        stopping = true;
    }

    /** Stop now: what is not acknowledged yet counts as failed. */
    void abandon() {
        stopping = true;
        abandoned = true;
    }

    @Override
    public void run() {
        try {
            while (!abandoned && !(stopping && queue.isEmpty() && inFlight.get() == 0)) {
                for (Retry due = retries.poll(); due != null; due = retries.poll()) {
                    send(due.record(), due.id(), due.attempt());
                }
                Entry entry = queue.poll(20, TimeUnit.MILLISECONDS);
                if (entry instanceof Item item) {
                    inFlight.incrementAndGet();
                    handle(item);
                } else if (entry instanceof FlushMarker marker) {
                    flushes.add(marker);
                }
                if (!flushes.isEmpty()) {
                    producer.flush(); // every record handed over so far is acknowledged or failed after this
                    if (inFlight.get() == 0) {
                        flushes.forEach(m -> m.done().countDown());
                        flushes.clear();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // abandoned or interrupted: records the producer still holds fail through their callbacks
            try {
                producer.close(abandoned ? Duration.ZERO : settings.closeTimeout());
            } catch (RuntimeException e) {
                log.warn("close", "closing the genaimon Kafka client's producer failed: " + e);
            }
            // from here on late callbacks change nothing: what is still in flight counts as failed, once
            finished = true;
            List<Entry> left = new ArrayList<>();
            queue.drainTo(left);
            retries.clear();
            long lost = left.stream().filter(Item.class::isInstance).count() + inFlight.getAndSet(0);
            if (lost > 0) {
                failed.addAndGet(lost);
                log.warn("closed", "genaimon Kafka client closed with " + lost + " items unsent");
            }
            left.stream().filter(FlushMarker.class::isInstance).forEach(m -> ((FlushMarker) m).done().countDown());
            flushes.forEach(m -> m.done().countDown());
        }
    }

    private void handle(Item item) {
        ProducerRecord<byte[], byte[]> record;
        String id;
        try {
            if (item.kind() == Kind.INTERACTION) {
                InteractionValidator.Result result =
                        interactions.validate(item.json(), settings.tenant(), GenaimonKafkaClient.SOURCE);
                if (!result.valid()) {
                    reject(item, result.errors());
                    return;
                }
                var interaction = result.interaction();
                id = interaction.getInteractionId();
                record = new ProducerRecord<>(settings.interactionsTopic(), null,
                        interaction.getTimestamp().toEpochMilli(), key(id),
                        interactionSerializer.serialize(settings.interactionsTopic(), interaction));
            } else {
                Validated<dev.genaimon.schemas.avro.Feedback> result = feedback.validate(item.json(),
                        settings.tenant());
                if (!result.valid()) {
                    reject(item, result.errors());
                    return;
                }
                var value = result.record();
                id = value.getFeedbackId();
                // keyed by the interaction it is about, so it meets that interaction in the join (as over HTTP)
                record = new ProducerRecord<>(settings.feedbackTopic(), null, value.getTimestamp().toEpochMilli(),
                        key(value.getInteractionId()), feedbackSerializer.serialize(settings.feedbackTopic(), value));
            }
        } catch (RuntimeException e) {
            // the validator answers every input with errors; an encoder failure is a bug, still never the caller's
            reject(item, List.of(new ItemError("$", "could not be encoded: " + e)));
            return;
        }
        send(record, id, 0);
    }

    private void send(ProducerRecord<byte[], byte[]> record, String id, int attempt) {
        try {
            producer.send(record, (metadata, error) -> {
                if (finished) {
                    return; // counted when the sender finished
                }
                if (error == null) {
                    sent.incrementAndGet();
                    inFlight.decrementAndGet();
                } else {
                    failedSend(record, id, attempt, error);
                }
            });
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms, buffer exhausted, producer closed
            failedSend(record, id, attempt, e);
        }
    }

    private void failedSend(ProducerRecord<byte[], byte[]> record, String id, int attempt, Exception error) {
        if (finished) {
            return;
        }
        if (error instanceof RetriableException && attempt < settings.maxRetries() && !abandoned) {
            retried.incrementAndGet();
            Duration delay = backoff.delay(attempt, null, System.currentTimeMillis());
            log.warn("retrying", "Kafka did not take a genaimon record (" + error + "); retrying in "
                    + delay.toMillis() + " ms");
            retries.add(new Retry(record, id, attempt + 1, System.nanoTime() + delay.toNanos()));
            return;
        }
        failed.incrementAndGet();
        inFlight.decrementAndGet();
        log.warn("failed", "genaimon record " + id + " to " + record.topic() + " failed after " + (attempt + 1)
                + " attempts: " + error + " (failed so far: " + failed.get() + ")");
    }

    private void reject(Item item, List<ItemError> errors) {
        rejected.incrementAndGet();
        failed.incrementAndGet();
        inFlight.decrementAndGet();
        String idField = item.kind() == Kind.INTERACTION ? "interactionId" : "feedbackId";
        JsonNode id = item.json().get(idField);
        try {
            onRejected.accept(new GenaimonKafkaClient.Rejection(item.kind().label(),
                    id != null && id.isTextual() ? id.textValue() : null, GenaimonKafkaClient.describe(errors)));
        } catch (RuntimeException e) {
            log.warn("listener", "the onRejected listener threw " + e);
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
