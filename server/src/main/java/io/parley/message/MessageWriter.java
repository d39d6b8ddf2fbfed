package io.parley.message;

import io.parley.message.store.JdbcReadStore;
import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
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
 * to a batch), stores it with one insert, moves the senders' read cursors, commits, and only
 * then completes the senders' futures (the ack) and publishes the messages for delivery. Under
 * light load a batch is one message and nothing waits; under heavy load batches grow and the
 * cost per message falls.
 */
@Component
class MessageWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);

    record Pending(Message message, long originDevice, CompletableFuture<MessageStore.Appended> result) {
    }

    private final MessageStore messages;
    private final JdbcReadStore reads;
    private final EventBus bus;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MessageProperties properties;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    MessageWriter(MessageStore messages, JdbcReadStore reads, EventBus bus, TransactionTemplate transactions, Clock clock,
            MessageProperties properties) {
        this.messages = messages;
        this.reads = reads;
        this.bus = bus;
        this.transactions = transactions;
        this.clock = clock;
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
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
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
            stored = transactions.execute(status -> {
                List<MessageStore.Appended> appended = messages.append(batch.stream().map(Pending::message).toList());
                List<Message> fresh = appended.stream().filter(a -> !a.duplicate()).map(MessageStore.Appended::message).toList();
                if (!fresh.isEmpty()) {
                    reads.advanceToOwnMessages(fresh.stream().map(Message::conversationId).toArray(Long[]::new),
                            fresh.stream().map(Message::senderId).toArray(Long[]::new),
                            fresh.stream().map(Message::id).toArray(Long[]::new), clock.instant());
                }
                return appended;
            });
        } catch (RuntimeException e) {
            log.error("Storing a batch of {} messages failed; the senders will retry", batch.size(), e);
            ProblemException failure = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "server-busy",
                    "The message could not be stored; send again with the same clientMessageId");
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            MessageStore.Appended appended = stored.get(i);
            pending.result().complete(appended);
            if (!appended.duplicate()) {
                bus.publish(new MessageEvent.Sent(appended.message(), pending.originDevice()));
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
