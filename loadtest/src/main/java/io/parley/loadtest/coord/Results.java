package io.parley.loadtest.coord;

import io.parley.loadtest.stats.LatencySummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a suite run measured; saved as results.json in the run directory and turned into docs/benchmarks.md. */
public final class Results {
    public String mode;
    public String startedAt;
    public Map<String, String> machine = new LinkedHashMap<>();
    public List<String> commands = new ArrayList<>();
    public List<W1> w1 = new ArrayList<>();
    public List<W2Step> w2 = new ArrayList<>();
    public List<W3Step> w3 = new ArrayList<>();
    public List<W4> w4 = new ArrayList<>();
    public List<W5Row> w5 = new ArrayList<>();
    public List<Profile> profiles = new ArrayList<>();
    public List<String> notes = new ArrayList<>();
    /** The cluster target (null when the run had none): its W2 and W3 steps are in w2 and w3, as target "parley-cluster". */
    public ClusterSetup cluster;
    public List<ClusterW1> clusterW1 = new ArrayList<>();
    public List<Failover> failover = new ArrayList<>();

    /** Idle connections: how fast they came up and what each costs the server. */
    public record W1(String target, int requested, long ready, long failed, long stillOpen, double connectSeconds,
            double perSecond, LatencySummary connect, long heapBefore, long heapAfter, long rssBefore, long rssAfter,
            long tcpMemBefore, long tcpMemAfter, long slabBefore, long slabAfter, double holdSeconds, double cpuSecondsHold,
            List<String> topClasses, long readyMid, long heapMid, long rssMid) {

        /** Heap the second half of the connections added, per connection: the cost of one more. */
        public double heapPerAddedConnection() {
            return ready - readyMid <= 0 || heapMid < 0 ? Double.NaN : (heapAfter - heapMid) / (double) (ready - readyMid);
        }

        /** RSS the second half of the connections added, per connection. */
        public double rssPerAddedConnection() {
            return ready - readyMid <= 0 || rssMid <= 0 ? Double.NaN : (rssAfter - rssMid) / (double) (ready - readyMid);
        }

        public double heapPerConnection() {
            return ready == 0 || heapBefore < 0 ? Double.NaN : (heapAfter - heapBefore) / (double) ready;
        }

        public double rssPerConnection() {
            return ready == 0 ? Double.NaN : (rssAfter - rssBefore) / (double) ready;
        }

        /** Kernel TCP buffers and socket slabs of both ends (loopback), halved: the server's side. */
        public double kernelPerConnection() {
            return ready == 0 ? Double.NaN : ((tcpMemAfter - tcpMemBefore) + Math.max(0, slabAfter - slabBefore)) / 2.0 / ready;
        }
    }

    /** One fixed rate of 1:1 messages. */
    public record W2Step(String target, int pairs, double offered, double seconds, long issued, long acked, long delivered,
            double deliveredPerSecond, double ackedPerSecond, LatencySummary deliver, LatencySummary ack, double serverCpuSeconds,
            double clientCpuSeconds, double otherCpuSeconds, double cpuMicrosPerMessage, Map<String, Long> errors, String deliverHistogram,
            Map<String, Double> cpuByPart) {
        /** Below this share delivered by the end of a step, the server fell behind. */
        public static final double KEPT_UP_SHARE = 0.95;
        /** Above this p99 (ms), the server fell behind: messages were waiting seconds. */
        public static final double KEPT_UP_P99_MS = 2_000;

        /**
         * Whether the step carried its load: (nearly) all delivered, none waiting seconds and, where the server
         * acknowledges (Parley, after commit), (nearly) all acknowledged. The suite stops stepping on this rule, and
         * the report counts a rate as carried only under it.
         */
        public boolean keptUp() {
            return delivered >= KEPT_UP_SHARE * issued && deliver.p99() <= KEPT_UP_P99_MS
                    && (acked == 0 || acked >= KEPT_UP_SHARE * issued);
        }
    }

    /**
     * One group size at one message rate. {@code senders} and {@code recipientsPerMessage} say how the group was
     * used (null in runs that did not record them: then up to 10 senders, and every other member a recipient).
     */
    public record W3Step(String target, int groupSize, double rate, double seconds, long messages, long deliveries,
            long expectedDeliveries, double deliveriesPerSecond, LatencySummary lastRecipient, LatencySummary allDeliveries,
            long incompleteMessages, double serverCpuSeconds, double clientCpuSeconds, double otherCpuSeconds, Map<String, Long> errors, String lastRecipientHistogram,
            Map<String, Double> cpuByPart, Integer senders, Integer recipientsPerMessage) {
    }

    /** Reconnect storm and the no-loss proof. */
    public record W4(int connections, long dropped, double rate, double reconnectSeconds, LatencySummary recover,
            long issued, long acked, long ackedChecked, long missing, long storedTwice, long live, long bySync,
            long unacked, long duplicatesAcked, Map<String, Long> errors) {
    }

    /** Write path: batch size and writers against throughput. */
    public record W5Row(String mode, int batch, int writers, double seconds, double rowsPerSecond, double commitsPerSecond,
            LatencySummary commit) {
    }

    public record Profile(String scenario, String file, long samples, List<String> topSelf, List<String> topParley) {
    }

    /**
     * How the cluster ran: its parts (name, address, port), nginx's limits as rendered from the template
     * ({@code nginx} setting -> value), and the options every node got.
     */
    public record ClusterSetup(int nodes, List<String> parts, Map<String, String> nginx, List<String> nodeArgs) {
    }

    /**
     * One process of the cluster during W1: connections it held (TCP sockets established at its port: for a node the
     * ones from nginx, for nginx the clients'), open files, RSS and, for the nodes, live heap after a full GC, before the
     * connections, after the first half, after all; CPU while they were held.
     */
    public record PartUse(String part, long connectionsMid, long connections, long openFiles, long rssBefore, long rssMid,
            long rssAfter, long heapBefore, long heapAfter, double cpuSecondsHold) {

        /** RSS the second half of the connections added, per connection this process took in that half. */
        public double rssPerAddedConnection() {
            return connections - connectionsMid <= 0 || rssMid <= 0 ? Double.NaN : (rssAfter - rssMid) / (double) (connections - connectionsMid);
        }
    }

    /**
     * W1 through nginx over TLS onto the cluster's nodes. {@code limits}: what the run saw that bounds the count
     * (nginx's and the nodes' complaints, counted from their logs; the load generator's errors). {@code connectCpu}: CPU
     * seconds spent while connecting, by process (the cluster's, the load generator, everything else).
     */
    public record ClusterW1(int requested, long ready, long failed, long stillOpen, double connectSeconds, double perSecond,
            LatencySummary connect, double holdSeconds, List<PartUse> parts, List<Long> nginxWorkerOpenFiles, long tcpMemBefore,
            long tcpMemAfter, long slabBefore, long slabAfter, Map<String, Long> errors, Map<String, Long> limits,
            Map<String, Double> connectCpu) {
    }

    /**
     * A node killed (SIGKILL) under devices connected through nginx, with the app's reconnect (backoff with jitter)
     * and sync; times are from the kill. Then the no-loss check of W4 over the whole run.
     */
    public record Failover(int devices, Map<String, Long> connectionsBefore, String killed, long lost, long recovered,
            boolean complete, double allBackSeconds, LatencySummary lostAfterKill, LatencySummary back, LatencySummary synced,
            String syncedHistogram, int maxAttempts, Map<String, Long> connectionsAfter, double rate, long issued, long acked,
            long ackedChecked, long missing, long storedTwice, long live, long bySync, long unacked, long syncFailures,
            double restartSeconds, Map<String, Long> errors) {
    }
}
