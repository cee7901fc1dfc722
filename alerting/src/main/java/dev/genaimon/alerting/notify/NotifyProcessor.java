package dev.genaimon.alerting.notify;

import dev.genaimon.alerting.route.AlertLabels;
import dev.genaimon.alerting.route.GroupKeys;
import dev.genaimon.alerting.route.InhibitRule;
import dev.genaimon.alerting.route.ReceiverConfig;
import dev.genaimon.alerting.route.Route;
import dev.genaimon.alerting.silence.Silences;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.NotificationLogEntry;
import dev.genaimon.schemas.avro.NotifyGroup;
import dev.genaimon.schemas.avro.OutboxEntry;
import dev.genaimon.schemas.avro.Silence;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Groups alerts, decides what to notify (the Alertmanager pipeline), and delivers from the outbox. */
final class NotifyProcessor implements Processor<String, AlertEvent, String, DeadLetter> {

    static final String STAGE = "notifier";
    /** Notification-log entries of groups that are gone are kept this long (sequence numbers stay unique). */
    static final Duration LOG_RETENTION = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(NotifyProcessor.class);

    private final NotifySettings settings;
    private final String sourceTopic;
    private ProcessorContext<String, DeadLetter> context;
    private KeyValueStore<String, NotifyGroup> groups;
    private KeyValueStore<String, OutboxEntry> outbox;
    private KeyValueStore<String, NotificationLogEntry> logs;
    private KeyValueStore<String, ValueAndTimestamp<Silence>> silences;
    private long lastPurge;

    NotifyProcessor(NotifySettings settings, String sourceTopic) {
        this.settings = settings;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void init(ProcessorContext<String, DeadLetter> context) {
        this.context = context;
        this.groups = context.getStateStore(NotifyTopology.GROUPS_STORE);
        this.outbox = context.getStateStore(NotifyTopology.OUTBOX_STORE);
        this.logs = context.getStateStore(NotifyTopology.LOG_STORE);
        this.silences = context.getStateStore(NotifyTopology.SILENCES_STORE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, AlertEvent> record) {
        AlertEvent alert = record.value();
        if (alert == null) {
            return;
        }
        if (!Notification.FIRING.equals(alert.getStatus()) && !Notification.RESOLVED.equals(alert.getStatus())) {
            invalid(record, "alert " + alert.getFingerprint() + " has status '" + alert.getStatus()
                    + "' (expected firing or resolved)");
            return;
        }
        long now = context.currentSystemTimeMs();
        Map<String, String> labels = AlertLabels.of(alert);
        for (Route route : settings.routing().root().match(labels)) {
            Map<String, String> groupLabels = GroupKeys.groupLabels(route, labels);
            String key = GroupKeys.groupKey(route, groupLabels);
            NotifyGroup group = groups.get(key);
            if (group == null) {
                if (!firing(alert) && !notifiedFiring(key, alert.getFingerprint())) {
                    continue; // a resolve for an alert nobody was told about
                }
                group = NotifyGroup.newBuilder().setGroupKey(key).setRoute(route.id()).setReceiver(route.receiver())
                        .setGroupLabels(groupLabels).setAlerts(new HashMap<>()).setCreatedAt(Instant.ofEpochMilli(now))
                        .setNextFlushAt(Instant.ofEpochMilli(now).plus(route.groupWait())).build();
            }
            Map<String, AlertEvent> alerts = new HashMap<>(group.getAlerts());
            AlertEvent known = alerts.get(alert.getFingerprint());
            if (known != null && known.getTransitionAt().isAfter(alert.getTransitionAt())) {
                continue; // an older transition arriving late
            }
            alerts.put(alert.getFingerprint(), alert);
            group.setAlerts(alerts);
            groups.put(key, group);
        }
    }

    /** Bad input never stops the stage: it goes to the DLQ with the reason and where it came from. */
    private void invalid(Record<String, AlertEvent> record, String message) {
        LOG.warn("notify: {}; sent to the DLQ", message);
        DeadLetter.Builder letter = DeadLetter.newBuilder().setDeadLetterId(java.util.UUID.randomUUID().toString())
                .setStage(STAGE).setReason("INVALID_ALERT").setMessage(message).setSourceTopic(sourceTopic)
                .setAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.recordMetadata().ifPresent(m -> letter.setSourcePartition(m.partition()).setSourceOffset(m.offset()));
        context.forward(new Record<>(record.key(), letter.build(), record.timestamp()));
    }

    private boolean notifiedFiring(String groupKey, String fingerprint) {
        NotificationLogEntry log = logs.get(groupKey);
        return log != null && log.getFiring().contains(fingerprint);
    }

    private void tick(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        List<KeyValue<String, NotifyGroup>> due = new ArrayList<>();
        Map<String, AlertEvent> firing = new HashMap<>();
        try (KeyValueIterator<String, NotifyGroup> it = groups.all()) {
            while (it.hasNext()) {
                KeyValue<String, NotifyGroup> kv = it.next();
                kv.value.getAlerts().values().stream().filter(NotifyProcessor::firing)
                        .forEach(a -> firing.put(a.getFingerprint(), a));
                if (!kv.value.getNextFlushAt().isAfter(now)) {
                    due.add(kv);
                }
            }
        }
        List<Silence> active = activeSilences(now);
        for (KeyValue<String, NotifyGroup> kv : due) {
            flush(kv.value, now, firing.values(), active);
        }
        deliver(now);
        if (nowMs - lastPurge > Duration.ofHours(1).toMillis()) {
            lastPurge = nowMs;
            purgeLogs(now);
        }
    }

    private List<Silence> activeSilences(Instant now) {
        List<Silence> active = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<Silence>> it = silences.all()) {
            while (it.hasNext()) {
                ValueAndTimestamp<Silence> v = it.next().value;
                if (v != null && v.value() != null && Silences.active(v.value(), now)) {
                    active.add(v.value());
                }
            }
        }
        return active;
    }

    /** One evaluation of one group (Alertmanager's dedup stage against the notification log). */
    private void flush(NotifyGroup group, Instant now, java.util.Collection<AlertEvent> allFiring,
                       List<Silence> active) {
        Route route = settings.routing().root().find(group.getRoute());
        if (route == null) {
            route = settings.routing().root(); // the routing file changed: keep the group, use the root's timers
        }
        ReceiverConfig receiver = settings.routing().receivers().get(group.getReceiver());
        boolean sendResolved = receiver == null || receiver.sendResolved();
        String key = group.getGroupKey();
        NotificationLogEntry log = logs.get(key);
        Set<String> notifiedFiring = log == null ? Set.of() : new HashSet<>(log.getFiring());

        List<AlertEvent> toFire = new ArrayList<>();
        List<AlertEvent> toResolve = new ArrayList<>();
        Set<String> resolvedNow = new LinkedHashSet<>();
        List<AlertEvent> alerts = new ArrayList<>(group.getAlerts().values());
        alerts.sort(Comparator.comparing(AlertEvent::getFingerprint));
        for (AlertEvent alert : alerts) {
            if (firing(alert)) {
                if (!muted(alert, now, allFiring, active)) {
                    toFire.add(alert);
                }
            } else {
                resolvedNow.add(alert.getFingerprint());
                if (sendResolved && notifiedFiring.contains(alert.getFingerprint())) {
                    toResolve.add(alert);
                }
            }
        }
        Set<String> firingKeys = new HashSet<>();
        toFire.forEach(a -> firingKeys.add(a.getFingerprint()));
        boolean newFiring = !notifiedFiring.containsAll(firingKeys);
        boolean repeat = !toFire.isEmpty() && log != null
                && !now.isBefore(log.getNotifiedAt().plus(route.repeatInterval()));
        if (newFiring || !toResolve.isEmpty() || repeat) {
            long sequence = (log == null ? 0 : log.getSequence()) + 1;
            List<AlertEvent> notified = new ArrayList<>(toFire);
            notified.addAll(toResolve);
            String idempotencyKey = idempotencyKey(key, notified, sequence);
            outbox.put(idempotencyKey, OutboxEntry.newBuilder().setIdempotencyKey(idempotencyKey).setGroupKey(key)
                    .setReceiver(group.getReceiver()).setSequence(sequence).setGroupLabels(group.getGroupLabels())
                    .setAlerts(notified).setCreatedAt(now).setAttempts(0).setNextAttemptAt(now).build());
            logs.put(key, NotificationLogEntry.newBuilder().setGroupKey(key).setReceiver(group.getReceiver())
                    .setSequence(sequence).setIdempotencyKey(idempotencyKey).setFiring(new ArrayList<>(firingKeys))
                    .setResolved(toResolve.stream().map(AlertEvent::getFingerprint).toList()).setNotifiedAt(now)
                    .build());
            LOG.info("notify: group {} -> receiver {}: {} firing, {} resolved (notification {}, key {})", key,
                    group.getReceiver(), toFire.size(), toResolve.size(), sequence, idempotencyKey);
        } else if (log != null && !resolvedNow.isEmpty()) {
            // not notified (send_resolved off or nothing new): forget them, so firing again pages again
            List<String> stillFiring = new ArrayList<>(log.getFiring());
            stillFiring.removeAll(resolvedNow);
            log.setFiring(stillFiring);
            logs.put(key, log);
        }
        Map<String, AlertEvent> remaining = new TreeMap<>(group.getAlerts());
        remaining.keySet().removeAll(resolvedNow);
        if (remaining.isEmpty()) {
            groups.delete(key);
        } else {
            group.setAlerts(new HashMap<>(remaining));
            group.setNextFlushAt(now.plus(route.groupInterval()));
            groups.put(key, group);
        }
    }

    private boolean muted(AlertEvent alert, Instant now, java.util.Collection<AlertEvent> allFiring,
                          List<Silence> active) {
        Map<String, String> labels = AlertLabels.of(alert);
        for (Silence silence : active) {
            if (Silences.mutes(silence, labels, now)) {
                return true;
            }
        }
        for (InhibitRule rule : settings.routing().inhibitRules()) {
            if (!rule.isTarget(labels)) {
                continue;
            }
            for (AlertEvent source : allFiring) {
                if (!source.getFingerprint().equals(alert.getFingerprint())
                        && rule.inhibits(AlertLabels.of(source), labels)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** SHA-256 of group key, the alerts' fingerprint:status pairs (sorted) and the sequence number. */
    static String idempotencyKey(String groupKey, List<AlertEvent> alerts, long sequence) {
        StringBuilder text = new StringBuilder(groupKey).append('\n');
        alerts.stream().map(a -> a.getFingerprint() + ":" + a.getStatus()).sorted()
                .forEach(s -> text.append(s).append('\n'));
        return GroupKeys.sha256(text.append(sequence).toString());
    }

    /** Attempts due deliveries, in sequence order per group; a failing receiver is not retried again this tick. */
    private void deliver(Instant now) {
        Map<String, List<OutboxEntry>> byGroup = new TreeMap<>();
        try (KeyValueIterator<String, OutboxEntry> it = outbox.all()) {
            while (it.hasNext()) {
                OutboxEntry entry = it.next().value;
                byGroup.computeIfAbsent(entry.getGroupKey() + "\u0000" + entry.getReceiver(), k -> new ArrayList<>())
                        .add(entry);
            }
        }
        Set<String> failing = new HashSet<>();
        int sends = 0;
        for (List<OutboxEntry> entries : byGroup.values()) {
            entries.sort(Comparator.comparingLong(OutboxEntry::getSequence));
            for (OutboxEntry entry : entries) {
                if (entry.getNextAttemptAt().isAfter(now) || failing.contains(entry.getReceiver())) {
                    break; // keep the group's order: later notifications wait for earlier ones
                }
                if (sends++ >= settings.maxSendsPerTick()) {
                    return;
                }
                if (!attempt(entry, now)) {
                    failing.add(entry.getReceiver());
                    break;
                }
            }
        }
    }

    /** @return false when the receiver should not be tried again this tick */
    private boolean attempt(OutboxEntry entry, Instant now) {
        Notification notification = notification(entry);
        Notifier notifier = settings.notifiers().get(entry.getReceiver());
        Delivery result;
        if (notifier == null) {
            result = new Delivery.Failed("receiver '" + entry.getReceiver() + "' is not in the routing file");
        } else {
            try {
                result = notifier.deliver(notification);
            } catch (RuntimeException e) {
                result = new Delivery.Retry("notifier error: " + e, null);
            }
        }
        int attempts = entry.getAttempts() + 1;
        if (result instanceof Delivery.Delivered) {
            outbox.delete(entry.getIdempotencyKey());
            LOG.info("notify: delivered {} to {} (attempt {})", entry.getIdempotencyKey(), entry.getReceiver(),
                    attempts);
            return true;
        }
        if (result instanceof Delivery.Failed f) {
            deadLetter(entry, notification, "DELIVERY_REJECTED", f.reason(), attempts, now);
            return true;
        }
        Delivery.Retry r = (Delivery.Retry) result;
        Duration age = Duration.between(entry.getCreatedAt(), now);
        if (settings.retry().exhausted(attempts, age)) {
            deadLetter(entry, notification, "DELIVERY_FAILED", r.reason(), attempts, now);
            return false;
        }
        Duration wait = settings.retry().backoff(attempts, settings.jitter().getAsDouble());
        if (r.retryAfter() != null && r.retryAfter().compareTo(wait) > 0) {
            wait = r.retryAfter();
        }
        entry.setAttempts(attempts);
        entry.setNextAttemptAt(now.plus(wait));
        entry.setLastError(r.reason());
        outbox.put(entry.getIdempotencyKey(), entry);
        LOG.warn("notify: delivery {} to {} failed (attempt {}), retrying in {}: {}", entry.getIdempotencyKey(),
                entry.getReceiver(), attempts, wait, r.reason());
        return false;
    }

    private void deadLetter(OutboxEntry entry, Notification notification, String reason, String detail, int attempts,
                            Instant now) {
        outbox.delete(entry.getIdempotencyKey());
        String message = "receiver '" + entry.getReceiver() + "': " + detail + " (after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + " since " + entry.getCreatedAt() + ")";
        LOG.warn("notify: notification {} of group {} sent to the DLQ: {}", entry.getIdempotencyKey(),
                entry.getGroupKey(), message);
        byte[] payload = Payloads.text(Payloads.webhook(notification)).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.newBuilder().setDeadLetterId(entry.getIdempotencyKey()).setStage(STAGE)
                .setReason(reason).setMessage(message).setSourceTopic(sourceTopic)
                .setContentType("application/json").setPayload(ByteBuffer.wrap(payload)).setAt(now).build();
        context.forward(new Record<>(entry.getGroupKey(), letter, now.toEpochMilli()));
    }

    private Notification notification(OutboxEntry entry) {
        return new Notification(entry.getReceiver(), entry.getGroupKey(), entry.getIdempotencyKey(),
                entry.getSequence(), entry.getGroupLabels(), entry.getAlerts(), entry.getCreatedAt(),
                settings.externalUrl());
    }

    private void purgeLogs(Instant now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, NotificationLogEntry> it = logs.all()) {
            while (it.hasNext()) {
                KeyValue<String, NotificationLogEntry> kv = it.next();
                if (kv.value.getNotifiedAt().plus(LOG_RETENTION).isBefore(now) && groups.get(kv.key) == null) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(logs::delete);
    }

    private static boolean firing(AlertEvent alert) {
        return Notification.FIRING.equals(alert.getStatus());
    }
}
