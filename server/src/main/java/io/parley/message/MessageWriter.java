package io.parley.message;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.tracing.Traces;
import io.parley.platform.web.ProblemException;
import io.parley.platform.web.ServerBusyException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for sends. Concurrent sends queue up; a writer takes whatever is waiting (up to a
 * batch), gives the messages their ids, stores them with one insert, commits, and only then
 * completes the senders' futures (the ack) and publishes the messages for delivery. Under light
 * load a batch is one message and nothing waits; under heavy load batches grow and the cost per
 * message falls.
 *
 * <p>Order: a conversation always goes to the same writer (by hash), which hands out ids in the
 * order it commits, and each writer completes its batches on one thread of its own, in commit
 * order. So ids, commits and {@code Sent} events of one conversation all follow one order, while
 * the writer thread never waits for acks or deliveries. (A sequencer shared by all writers would
 * serialise every conversation; routing by conversation keeps writers independent.)
 *
 * <p>Poison: one message the database refuses must not fail the others of its batch. A failed
 * batch is split in halves and each half retried, until the message at fault stands alone; it
 * fails with {@code message-rejected} (sending it again cannot help), all others are stored.
 * A failure of the database itself (connection lost, overload) fails the batch with
 * {@code server-busy}: sending again later can help.
 *
 * <p>Traces: each message keeps the trace it was sent in (its socket frame's, its request's), and
 * its ack and {@code Sent} event go out in it, so the bus carries it on. A message of a sampled trace
 * gets a {@code message write} span, a child of the sender's, from the writer taking it to its event
 * published. A batch holds messages of many traces: when it holds more than one sampled message, its
 * insert and commit are one more span, {@code message batch}, linked to each of theirs.
 */
@Component
class MessageWriter implements SmartLifecycle, InitializingBean, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);
    /** SQLSTATE classes that describe the database's state, not the data: connection, rollback, resources, operator, system. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("08", "40", "53", "57", "58");

    /** @param trace the trace it was sent in (its frame's, its request's), if any */
    record Pending(Message message, long originDevice, CompletableFuture<MessageStore.Appended> result,
            @Nullable TraceContext trace) {
    }

    /** What became of one message: stored (or found stored before), or failed. */
    private record Outcome(MessageStore.Appended stored, ProblemException failure) {
    }

    private final MessageStore messages;
    private final SenderCursors senderCursors;
    private final EventBus bus;
    private final IdGenerator ids;
    private final TransactionTemplate transactions;
    private final MessageProperties properties;
    private final MessageMetrics metrics;
    private final Traces traces;
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean running;

    MessageWriter(MessageStore messages, SenderCursors senderCursors, EventBus bus, IdGenerator ids,
            TransactionTemplate transactions, MessageProperties properties, MessageMetrics metrics, Traces traces) {
        this.messages = messages;
        this.senderCursors = senderCursors;
        this.bus = bus;
        this.ids = ids;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
        this.traces = traces;
        int count = Math.max(1, properties.writers());
        for (int i = 0; i < count; i++) {
            lanes.add(new Lane(i, Math.max(1, properties.maxQueued() / count)));
        }
    }

    /**
     * Queues a message; the future completes once it is committed (or with the stored duplicate).
     * The message's id is ignored: the writer assigns it, in commit order.
     */
    CompletableFuture<MessageStore.Appended> submit(Message message, long originDevice) {
        CompletableFuture<MessageStore.Appended> result = new CompletableFuture<>();
        Lane lane = lanes.get(Math.floorMod(Long.hashCode(message.conversationId()), lanes.size()));
        if (!running || !lane.queue.offer(new Pending(message, originDevice, result, traces.current()))) {
            metrics.refused();
            result.completeExceptionally(busy("The server is busy; send again with the same clientMessageId"));
        } else {
            metrics.accepted();
        }
        return result;
    }

    int queued() {
        int queued = 0;
        for (Lane lane : lanes) {
            queued += lane.queue.size();
        }
        return queued;
    }

    int capacity() {
        int capacity = 0;
        for (Lane lane : lanes) {
            capacity += lane.queue.size() + lane.queue.remainingCapacity();
        }
        return capacity;
    }

    /** One writer thread, its queue, and the one thread that completes its batches in commit order. */
    private final class Lane {
        final BlockingQueue<Pending> queue;
        final int index;
        Thread writer;
        ExecutorService completer;

        Lane(int index, int capacity) {
            this.index = index;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        void run() {
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
            // Ids here, not at submit: ids of one conversation then rise in commit order.
            List<Message> numbered = batch.stream().map(pending -> pending.message().withId(ids.next())).toList();
            Outcome[] outcomes = new Outcome[numbered.size()];
            Span[] spans = writeSpans(batch);
            Span batchSpan = spans == null ? null : batchSpan(spans);
            long start = System.nanoTime();
            try {
                store(numbered, 0, numbered.size(), outcomes);
            } finally {
                if (batchSpan != null) {
                    batchSpan.end();
                }
            }
            metrics.batch(numbered.size(), System.nanoTime() - start);
            List<Pending> done = List.copyOf(batch);
            // Acks and deliveries on this lane's completer: the writer goes on to the next batch.
            completer.execute(() -> complete(done, outcomes, spans));
        }
    }

    /** A span for each message of a sampled trace, a child of the span it was sent in; null when there is none. */
    private Span @Nullable [] writeSpans(List<Pending> batch) {
        Span[] spans = null;
        for (int i = 0; i < batch.size(); i++) {
            TraceContext trace = batch.get(i).trace();
            if (trace != null && Boolean.TRUE.equals(trace.sampled())) {
                if (spans == null) {
                    spans = new Span[batch.size()];
                }
                spans[i] = traces.start("message write", null, trace, List.of())
                        .tag("parley.batch.size", Integer.toString(batch.size()));
            }
        }
        return spans;
    }

    /** The batch's insert and commit, linked to the spans of its messages, when it serves more than one trace. */
    private @Nullable Span batchSpan(Span[] spans) {
        List<TraceContext> links = new ArrayList<>();
        for (Span span : spans) {
            if (span != null) {
                links.add(span.context());
            }
        }
        if (links.size() < 2) {
            return null;
        }
        return traces.start("message batch", null, null, links).tag("parley.batch.size", Integer.toString(spans.length));
    }

    /**
     * Stores messages [from, to) in one transaction; if the database refuses them for what they
     * hold, stores each half on its own, down to the single message at fault.
     */
    private void store(List<Message> batch, int from, int to, Outcome[] outcomes) {
        try {
            List<MessageStore.Appended> stored = transactions.execute(status -> messages.append(batch.subList(from, to)));
            for (int i = from; i < to; i++) {
                outcomes[i] = new Outcome(stored.get(i - from), null);
            }
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                log.error("Storing {} messages failed; the senders will retry", to - from, e);
                ProblemException failure = busy("The message could not be stored; send again with the same clientMessageId");
                for (int i = from; i < to; i++) {
                    outcomes[i] = new Outcome(null, failure);
                }
            } else if (to - from == 1) {
                Message refused = batch.get(from);
                // Not the exception's text: it can quote the row, and so the message.
                log.warn("Message {} of user {} in conversation {} could not be stored ({}, SQLSTATE {})", refused.id(),
                        refused.senderId(), refused.conversationId(), e.getClass().getSimpleName(), sqlState(e));
                outcomes[from] = new Outcome(null, new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
                        "message-rejected", "This message cannot be stored; sending it again will not help"));
            } else {
                if (to - from == batch.size()) {
                    log.warn("A batch of {} messages was refused ({}, SQLSTATE {}); storing it in parts", to - from,
                            e.getClass().getSimpleName(), sqlState(e));
                }
                int middle = (from + to) >>> 1;
                store(batch, from, middle, outcomes);
                store(batch, middle, to, outcomes);
            }
        }
    }

    private void complete(List<Pending> batch, Outcome[] outcomes, Span @Nullable [] spans) {
        int committed = 0;
        for (int i = 0; i < batch.size(); i++) {
            Span span = spans == null ? null : spans[i];
            // The ack and the Sent event in the message's trace (its span, if sampled): the bus carries it on.
            try (Traces.Scope scope = span != null ? traces.resume(span) : traces.resume(batch.get(i).trace())) {
                committed += complete(batch.get(i), outcomes[i]);
            } finally {
                if (span != null) {
                    if (outcomes[i].failure() != null) {
                        span.error(outcomes[i].failure());
                    }
                    span.end();
                }
            }
        }
        metrics.committed(committed);
    }

    /** Acks one message (or fails it) and publishes it; answers 1 if it is new, else 0. */
    private int complete(Pending pending, Outcome outcome) {
        if (outcome.failure() != null) {
            pending.result().completeExceptionally(outcome.failure());
            return 0;
        }
        MessageStore.Appended appended = outcome.stored();
        pending.result().complete(appended);
        if (appended.duplicate()) {
            return 0;
        }
        bus.publish(new MessageEvent.Sent(appended.message(), pending.originDevice()));
        senderCursors.sent(appended.message());
        return 1;
    }

    /** Whether the failure is the database's state rather than the data: then trying again later can work. */
    static boolean isTransient(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            return TRANSIENT_SQL_STATES.contains(state.substring(0, 2));
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Retryable: a second is long enough for a full queue to drain or a database to come back. */
    private static ProblemException busy(String detail) {
        return new ServerBusyException(detail, 1);
    }

    /**
     * Writers run from the start, before the web server takes any request (a send then never
     * meets them down); the lifecycle phase below only says when they stop.
     */
    @Override
    public void afterPropertiesSet() {
        metrics.watch(this);
        start();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Lane lane : lanes) {
            lane.completer = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("message-completer-" + lane.index).daemon().factory());
            lane.writer = Thread.ofPlatform().name("message-writer-" + lane.index).daemon().start(lane::run);
        }
    }

    /** Stops taking sends and finishes what is queued: an accepted send is stored or failed, never dropped. */
    @Override
    public synchronized void stop() {
        running = false;
        try {
            for (Lane lane : lanes) {
                if (lane.writer != null) {
                    lane.writer.join(TimeUnit.SECONDS.toMillis(30));
                    lane.writer = null;
                }
            }
            for (Lane lane : lanes) {
                if (lane.completer != null) {
                    lane.completer.shutdown();
                    lane.completer.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stop once the web server's graceful shutdown has let requests in progress finish (their
     * sends are queued by then), and before the gateway closes the sockets (default - 1536): the
     * sends queued are stored and acknowledged on sockets still open. A send arriving over a socket
     * after this is answered server-busy, and the client sends it again on another node.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1280;
    }

    /** A context that failed to start never stops its lifecycles: the writers end here then. */
    @Override
    public void destroy() {
        if (running) {
            stop();
        }
    }
}
