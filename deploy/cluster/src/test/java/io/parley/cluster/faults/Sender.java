package io.parley.cluster.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A device's outbox, as the app's: messages queue up at the pace they are written and go out one
 * after another, each sent again with the SAME clientMessageId until it is acknowledged: after a
 * refusal worth retrying (server-busy, rate-limited, internal-error; with backoff), after the socket
 * closed (once the device has reconnected and synced), after no answer for 10 s. Any other refusal
 * is final: recorded as rejected.
 */
final class Sender {
    private static final Set<String> RETRY_LATER = Set.of("server-busy", "rate-limited", "internal-error", "unknown-frame");
    private static final Duration REPLY_WITHIN = Duration.ofSeconds(10);

    /** A numbered message: the body names the sender and the number. */
    record Outgoing(int sender, int number, long conversationId, String clientMessageId, String body) {
    }

    /** A message the server acknowledged (maybe as a duplicate of an earlier attempt). */
    record Acked(Outgoing outgoing, Device device, long messageId, boolean duplicate, long ackNanos, int attempts) {
    }

    record Rejected(Outgoing outgoing, String code) {
    }

    private final int index;
    private final Device device;
    private final Tally tally;
    private final Consumer<Acked> acked;
    private final Consumer<Rejected> rejected;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private final Thread loop;
    private volatile boolean stopping;

    Sender(int index, Device device, Tally tally, Consumer<Acked> acked, Consumer<Rejected> rejected) {
        this.index = index;
        this.device = device;
        this.tally = tally;
        this.acked = acked;
        this.rejected = rejected;
        this.loop = Thread.ofVirtual().name("sender-" + index).start(this::run);
    }

    Device device() {
        return device;
    }

    /** Writes the next numbered message into the outbox. */
    void write(long conversationId, String run) {
        int number = numbers.incrementAndGet();
        pending.incrementAndGet();
        queue.add(new Outgoing(index, number, conversationId, run + "-" + index + "-" + number,
                "sender " + index + " message " + number));
    }

    /** Every message written has been acknowledged (or rejected). */
    boolean idle() {
        return pending.get() == 0;
    }

    int waiting() {
        return pending.get();
    }

    private void run() {
        try {
            while (!stopping) {
                Outgoing next = queue.take();
                deliver(next);
                pending.decrementAndGet();
            }
        } catch (InterruptedException e) {
            // Stopping.
        }
    }

    private void deliver(Outgoing outgoing) throws InterruptedException {
        Map<String, Object> frame = Map.of("type", "send", "conversationId", Long.toString(outgoing.conversationId()),
                "clientMessageId", outgoing.clientMessageId(), "body", outgoing.body());
        long backoffMillis = 1_000;
        int attempts = 0;
        while (!stopping) {
            Device.Reply reply = device.request(frame, Duration.ofSeconds(1), REPLY_WITHIN);
            if (reply instanceof Device.Reply.NotReady) {
                continue;
            }
            attempts++;
            switch (reply) {
                case Device.Reply.Answered answered when "ack".equals(answered.frame().path("type").asString()) -> {
                    JsonNode message = answered.frame().path("message");
                    if (!outgoing.clientMessageId().equals(message.path("clientMessageId").asString())) {
                        throw new AssertionError("The ack of " + outgoing + " names another message: " + answered.frame());
                    }
                    acked.accept(new Acked(outgoing, device, message.path("id").asLong(),
                            answered.frame().path("duplicate").asBoolean(), System.nanoTime(), attempts));
                    return;
                }
                case Device.Reply.Answered answered -> {
                    String code = answered.frame().path("code").asString("(" + answered.frame().path("type").asString() + ")");
                    tally.count("send refused: " + code);
                    if (!RETRY_LATER.contains(code)) {
                        rejected.accept(new Rejected(outgoing, code));
                        return;
                    }
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(4_000, backoffMillis * 2);
                }
                case Device.Reply.Closed closed -> tally.count("send cut off by a closed socket");
                case Device.Reply.NoReply none -> tally.count("send unanswered for 10 s");
                case Device.Reply.NotReady notReady -> throw new IllegalStateException("handled above");
            }
        }
    }

    void close() {
        stopping = true;
        loop.interrupt();
    }
}
