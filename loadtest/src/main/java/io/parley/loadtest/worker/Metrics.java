package io.parley.loadtest.worker;

import io.parley.loadtest.stats.Histograms;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What one worker counts and times; recorders are written by event loops and read by the command thread. */
public final class Metrics {
    public final Recorder deliver = new Recorder(1, Histograms.HIGHEST, Histograms.DIGITS);
    public final Recorder ack = new Recorder(1, Histograms.HIGHEST, Histograms.DIGITS);
    public final Recorder connect = new Recorder(1, Histograms.HIGHEST, Histograms.DIGITS);
    public final Recorder recover = new Recorder(1, Histograms.HIGHEST, Histograms.DIGITS);
    public final LongAdder issued = new LongAdder();
    public final LongAdder acked = new LongAdder();
    public final LongAdder duplicatesAcked = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder connected = new LongAdder();
    public final LongAdder closed = new LongAdder();
    public final LongAdder connectFailed = new LongAdder();
    public final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Per group message, the slowest recipient in this process and how many received it: key stream<<40|seq. */
    public final Map<Long, long[]> perMessage = new ConcurrentHashMap<>();
    public volatile boolean trackPerMessage;
    /**
     * When the current step's schedule began: a message intended before it belongs to an earlier
     * step (a server that fell behind delivers it late) and must not count, or be timed, here.
     */
    public volatile long stepStartEpochNanos = Long.MIN_VALUE;
    /**
     * The schedule's first message is intended at the start itself, give or take the rounding of
     * converting between the monotonic and the wall clock; steps lie seconds apart.
     */
    private static final long START_SLACK_NANOS = 100_000_000L;
    /** Deliveries and acks of messages from earlier steps, seen during this one. */
    public final LongAdder stale = new LongAdder();

    public static void record(Recorder recorder, long nanos) {
        recorder.recordValue(Math.clamp(nanos, 1, Histograms.HIGHEST));
    }

    public void error(String code) {
        errors.computeIfAbsent(code == null ? "?" : code, c -> new LongAdder()).increment();
    }

    /** Answers whether a message intended at this time belongs to the current step; counts it as stale if not. */
    public boolean current(long intendedEpochNanos) {
        if (intendedEpochNanos >= stepStartEpochNanos - START_SLACK_NANOS) {
            return true;
        }
        stale.increment();
        return false;
    }

    public void delivered(int stream, long seq, long intendedEpochNanos, long nowEpochNanos) {
        if (!current(intendedEpochNanos)) {
            return;
        }
        long latencyNanos = nowEpochNanos - intendedEpochNanos;
        record(deliver, latencyNanos);
        delivered.increment();
        if (trackPerMessage) {
            long key = ((long) stream << 40) | seq;
            perMessage.compute(key, (k, v) -> {
                if (v == null) {
                    return new long[] {latencyNanos, 1};
                }
                v[0] = Math.max(v[0], latencyNanos);
                v[1]++;
                return v;
            });
        }
    }

    /** Reads and resets a recorder. */
    public static Histogram take(Recorder recorder) {
        Histogram h = Histograms.create();
        h.add(recorder.getIntervalHistogram());
        return h;
    }

    public void resetCounters() {
        issued.reset();
        acked.reset();
        duplicatesAcked.reset();
        delivered.reset();
        stale.reset();
        errors.clear();
        perMessage.clear();
        deliver.reset();
        ack.reset();
    }
}
