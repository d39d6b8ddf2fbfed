package io.parley.message;

import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for sends. Concurrent sends queue up; each writer takes whatever is waiting (up
 * to a batch), stores it with one insert, commits, and only then completes the senders'
 * futures (the ack) and publishes the messages for delivery. Under
 * light load a batch is one message and nothing waits; under heavy load batches grow and the
 * cost per message falls.
 */
@Component
class MessageWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);

    record Pending(Message message, long originDevice, CompletableFuture<MessageStore.Appended> result) {
    }

    private final MessageStore messages;
    private final SenderCursors senderCursors;
    private final EventBus bus;
    private final TransactionTemplate transactions;
    private final MessageProperties properties;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    MessageWriter(MessageStore messages, SenderCursors senderCursors, EventBus bus, TransactionTemplate transactions,
            MessageProperties properties) {
        this.messages = messages;
        this.senderCursors = senderCursors;
        this.bus = bus;
        this.transactions = transactions;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.maxQueued());
    }

    /** Queues a message; the future completes once it is committed (or with the stored duplicate). */
    CompletableFuture<MessageStore.Appended> submit(Message message, long originDevice) {
        CompletableFuture<MessageStore.Appended> result = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(message, originDevice, result))) {
            result.completeExceptionally(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "server-busy",
                    "The server is busy; send again with the same clientMessageId"));
        }
        return result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(properties.maxBatch());
        long lingerNanos = properties.linger().toNanos();
        int lastBatch = 0;
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    lastBatch = 0;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                if (lingerNanos > 0 && lastBatch > 1) {
                    long deadline = System.nanoTime() + lingerNanos;
                    while (batch.size() < properties.maxBatch()) {
                        Pending more = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (more == null) {
                            break;
                        }
                        batch.add(more);
                        queue.drainTo(batch, properties.maxBatch() - batch.size());
                    }
                }
                lastBatch = batch.size();
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<MessageStore.Appended> stored;
        try {
            stored = transactions.execute(status -> messages.append(batch.stream().map(Pending::message).toList()));
        } catch (RuntimeException e) {
            log.error("Storing a batch of {} messages failed; the senders will retry", batch.size(), e);
            ProblemException failure = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "server-busy",
                    "The message could not be stored; send again with the same clientMessageId");
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        // Acks and deliveries on another thread: the writer goes on to the next batch while they go out.
        List<Pending> done = List.copyOf(batch);
        List<MessageStore.Appended> results = stored;
        Thread.startVirtualThread(() -> complete(done, results));
    }

    private void complete(List<Pending> batch, List<MessageStore.Appended> stored) {
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            MessageStore.Appended appended = stored.get(i);
            pending.result().complete(appended);
            if (!appended.duplicate()) {
                bus.publish(new MessageEvent.Sent(appended.message(), pending.originDevice()));
                senderCursors.sent(appended.message());
            }
        }
    }

    int queued() {
        return queue.size();
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.writers(); i++) {
            Thread writer = Thread.ofPlatform().name("message-writer-" + i).daemon().start(this::run);
            writers.add(writer);
        }
    }

    /** Stops taking sends and finishes what is queued: an accepted send is stored or failed, never dropped. */
    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start before the web server and stop after it: no send arrives while writers are down. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
