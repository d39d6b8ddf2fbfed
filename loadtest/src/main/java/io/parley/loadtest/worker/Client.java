package io.parley.loadtest.worker;

import io.parley.loadtest.net.WsConnection;
import io.parley.loadtest.net.WsListener;
import io.parley.loadtest.proto.Payload;
import io.parley.loadtest.util.EpochClock;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated device, whatever the protocol: its socket, the sends not yet acknowledged (an
 * outbox that survives reconnects, resent with the same client message id) and, when tracking,
 * what it received per sender stream.
 */
public abstract class Client implements WsListener {
    /** A send not yet acknowledged. */
    protected record Pending(long seq, String clientMessageId, String body, long intendedEpochNanos) {
    }

    protected final ClientSpec spec;
    protected final ClientHost host;
    protected final Map<Long, Pending> outbox = new ConcurrentHashMap<>();
    private final BitSet acked = new BitSet();
    private final Map<Integer, Received> received = new ConcurrentHashMap<>();
    protected volatile WsConnection connection;
    protected volatile boolean ready;
    private volatile long connectStartedNanos;
    private volatile boolean failed;

    protected Client(ClientSpec spec, ClientHost host) {
        this.spec = spec;
        this.host = host;
    }

    public ClientSpec spec() {
        return spec;
    }

    public boolean isReady() {
        return ready && connection != null && connection.isOpen();
    }

    public boolean failed() {
        return failed;
    }

    /** Opens the socket and signs in; {@link ClientHost#ready} or {@link ClientHost#lost} follows. */
    public void connect(String localAddress) {
        ready = false;
        failed = false;
        connectStartedNanos = System.nanoTime();
        open(localAddress);
    }

    protected abstract void open(String localAddress);

    private long nextSeq;

    /** Sends this stream's next message (sequences start at 0 and never repeat within a process). */
    public void sendNext(long intendedEpochNanos) {
        long seq;
        synchronized (this) {
            seq = nextSeq++;
        }
        send(seq, intendedEpochNanos);
    }

    /** Sends message {@code seq} (or queues it in the outbox while offline). */
    public void send(long seq, long intendedEpochNanos) {
        String body = new Payload(spec.stream(), seq, intendedEpochNanos).body(host.plan().bodySize());
        Pending pending = new Pending(seq, spec.stream() + "-" + seq + "-" + host.runNonce(), body, intendedEpochNanos);
        outbox.put(seq, pending);
        WsConnection c = connection;
        if (ready && c != null && c.isOpen()) {
            transmit(c, pending);
        }
    }

    protected abstract void transmit(WsConnection c, Pending pending);

    /** After a reconnect: everything not acknowledged goes again, with its first client message id. */
    public void resendOutbox() {
        WsConnection c = connection;
        if (c == null) {
            return;
        }
        outbox.values().stream().sorted(java.util.Comparator.comparingLong(Pending::seq)).forEach(p -> transmit(c, p));
    }

    public abstract void heartbeat();

    /** Drops the connection without a goodbye, as a lost network would. */
    public void abort() {
        WsConnection c = connection;
        if (c != null) {
            c.abort();
        }
    }

    public void close() {
        ready = false;
        WsConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** Marks the client signed in and usable. */
    protected void becameReady() {
        if (!ready) {
            ready = true;
            host.ready(this, System.nanoTime() - connectStartedNanos);
        }
    }

    protected void acknowledged(long seq, boolean duplicate) {
        Pending pending = outbox.remove(seq);
        if (host.tracking()) {
            synchronized (acked) {
                acked.set((int) seq);
            }
        }
        if (pending != null && host.metrics().current(pending.intendedEpochNanos())) {
            host.metrics().acked.increment();
            if (duplicate) {
                host.metrics().duplicatesAcked.increment();
            }
            Metrics.record(host.metrics().ack, EpochClock.nanos() - pending.intendedEpochNanos());
        }
    }

    /**
     * A benchmark message arrived (live, or by sync). Only receivers count it: a sender placed on
     * a node apart from the receivers (cluster) gets the other senders' messages too, locally.
     */
    protected void arrived(String body, String messageId, boolean viaSync) {
        Payload p = Payload.parse(body);
        if (p == null || p.stream() == spec.stream() || !spec.receiver()) {
            return;
        }
        boolean fresh = true;
        if (host.tracking()) {
            fresh = received.computeIfAbsent(p.stream(), s -> new Received()).add(p.seq(), messageId, viaSync);
        }
        if (fresh && !viaSync) {
            host.metrics().delivered(p.stream(), p.seq(), p.intendedEpochNanos(), EpochClock.nanos());
        }
    }

    public BitSet acked() {
        synchronized (acked) {
            return (BitSet) acked.clone();
        }
    }

    public int outboxSize() {
        return outbox.size();
    }

    public Map<Integer, Received> received() {
        return received;
    }

    @Override
    public void onClosed(WsConnection c, int code, Throwable failure) {
        boolean wasReady = ready;
        ready = false;
        if (c == null || c == connection || connection == null) {
            if (!wasReady) {
                failed = true;
            }
            host.lost(this, wasReady, code, failure);
        }
    }
}
