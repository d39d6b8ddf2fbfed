package io.parley.cluster.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What clients ran into ("refused server-busy", "handshake refused 502", ...), counted; started afresh for each fault. */
final class Tally {
    private volatile Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String what) {
        counts.computeIfAbsent(what, w -> new LongAdder()).increment();
    }

    /** The counts so far, and a fresh start. */
    Map<String, Long> reset() {
        Map<String, LongAdder> taken = counts;
        counts = new ConcurrentHashMap<>();
        Map<String, Long> snapshot = new TreeMap<>();
        taken.forEach((what, count) -> snapshot.put(what, count.sum()));
        return snapshot;
    }
}
