package io.parley.loadtest.worker;

import io.parley.cluster.Tls;
import io.parley.loadtest.load.OpenLoop;
import io.parley.loadtest.load.OpenLoopSchedule;
import io.parley.loadtest.net.WsConnector;
import io.parley.loadtest.rest.ParleyApi;
import io.parley.loadtest.stats.Histograms;
import io.parley.loadtest.util.EpochClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A load-generating process: holds its share of the devices (under the 20,000 open files a
 * process may have), and does what the coordinator says on standard input, one JSON command a
 * line, answering one {@code @}-prefixed JSON line on standard output per command.
 */
public final class Worker implements ClientHost {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final WorkerPlan plan;
    private final Metrics metrics = new Metrics();
    private final WsConnector connector;
    private final ParleyApi api;
    private final List<Client> clients = new ArrayList<>();
    private final String nonce = Long.toString(System.currentTimeMillis(), 36);
    private final PrintStream out;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("timers").factory());
    private final Semaphore restCalls = new Semaphore(24);
    private final Map<Client, Long> droppedAt = new ConcurrentHashMap<>();
    private volatile boolean tracking;
    private volatile Semaphore connecting = new Semaphore(Integer.MAX_VALUE);
    private volatile CountDownLatch pendingConnects = new CountDownLatch(0);
    private volatile boolean reconnecting;

    Worker(WorkerPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        Path certificate = plan.trustCertificate() == null ? null : Path.of(plan.trustCertificate());
        this.connector = new WsConnector(1, certificate == null ? null : WsConnector.trusting(certificate.toFile()));
        this.api = plan.restBase() == null ? null
                : new ParleyApi(plan.restBase(), certificate == null ? null : Tls.trusting(certificate));
        for (ClientSpec spec : plan.clients()) {
            clients.add(plan.kind().equals("xmpp") ? new XmppClient(spec, this, connector) : new ParleyClient(spec, this, connector));
        }
    }

    public static void main(String[] args) throws Exception {
        // A killed coordinator must not leave workers behind, holding thousands of sockets and
        // disturbing the next run: a command can run for minutes before stdin's end is read.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        WorkerPlan plan = JSON.readValue(Files.readString(Path.of(args[0])), WorkerPlan.class);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        new Worker(plan, out).serve();
    }

    private void serve() throws IOException {
        timers.scheduleAtFixedRate(this::heartbeats, 1, 1, TimeUnit.SECONDS);
        if (api != null) {
            timers.scheduleAtFixedRate(this::renewTokens, 5, 5, TimeUnit.SECONDS);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode command = JSON.readTree(line);
            String cmd = command.path("cmd").asString();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("cmd", cmd);
            try {
                switch (cmd) {
                    case "connect" -> connectAll(command, answer);
                    case "load" -> {
                        if (command.path("async").asBoolean(false)) {
                            Thread.ofPlatform().name("load").start(() -> {
                                Map<String, Object> later = new LinkedHashMap<>();
                                later.put("cmd", "load");
                                try {
                                    load(command, later);
                                } catch (Exception e) {
                                    later.put("error", e.toString());
                                }
                                reply(later);
                            });
                            continue;
                        }
                        load(command, answer);
                    }
                    case "drop" -> drop(command, answer);
                    case "reconnect" -> reconnect(command, answer);
                    case "arm" -> arm(answer);
                    case "recovered" -> awaitRecovered(command, answer);
                    case "verify" -> verify(answer);
                    case "status" -> status(answer);
                    case "quit" -> {
                        quit(answer);
                        reply(answer);
                        System.exit(0);
                    }
                    default -> answer.put("error", "unknown command " + cmd);
                }
            } catch (Exception e) {
                e.printStackTrace();
                answer.put("error", e.toString());
            }
            reply(answer);
        }
        quit(new HashMap<>());
    }

    private synchronized void reply(Map<String, Object> answer) {
        out.println("@" + JSON.writeValueAsString(answer));
        out.flush();
    }

    // ---- connecting ----

    private void connectAll(JsonNode command, Map<String, Object> answer) throws InterruptedException {
        tracking = command.path("track").asBoolean(false);
        int concurrency = command.path("concurrency").asInt(plan.connectConcurrency());
        connecting = new Semaphore(concurrency);
        metrics.connect.reset();
        metrics.connectFailed.reset();
        pendingConnects = new CountDownLatch(clients.size());
        long start = System.nanoTime();
        for (int i = 0; i < clients.size(); i++) {
            connecting.acquire();
            clients.get(i).connect(plan.sourceAddresses().get(i % plan.sourceAddresses().size()));
        }
        boolean all = pendingConnects.await(600, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (tracking) {
            // A first sync gives every receiver its cursor before any load.
            syncAll(clients.stream().filter(c -> c.spec().receiver() && c.isReady()).toList());
        }
        answer.put("complete", all);
        answer.put("ready", clients.stream().filter(Client::isReady).count());
        answer.put("failed", metrics.connectFailed.sum());
        answer.put("elapsedNanos", elapsed);
        answer.put("connect", Histograms.encode(Metrics.take(metrics.connect)));
        answer.put("errors", errors());
    }

    @Override
    public void ready(Client client, long connectNanos) {
        Metrics.record(metrics.connect, connectNanos);
        metrics.connected.increment();
        Long dropped = droppedAt.remove(client);
        if (dropped != null) {
            Thread.startVirtualThread(() -> recovered(client, dropped));
            return;
        }
        connecting.release();
        pendingConnects.countDown();
    }

    @Override
    public void lost(Client client, boolean wasReady, int code, Throwable failure) {
        metrics.closed.increment();
        if (wasReady && armed && !droppedAt.containsKey(client)) {
            // Its node went away under it: the app reconnects (through nginx, to another node) after a backoff.
            droppedAt.put(client, System.nanoTime());
            lostAt.put(client, EpochClock.nanos());
            attempts.put(client, 0);
            lastLossNanos = System.nanoTime();
            lostCount.incrementAndGet();
            timers.schedule(() -> client.connect(sourceAddress(client)), Backoff.delayMs(0, random::nextDouble), TimeUnit.MILLISECONDS);
            return;
        }
        if (!wasReady) {
            metrics.connectFailed.increment();
            metrics.error("connect:" + (failure == null ? "close-" + code : failure.getClass().getSimpleName()));
            if (droppedAt.containsKey(client) && armed) {
                int attempt = attempts.merge(client, 1, Integer::sum);
                timers.schedule(() -> client.connect(sourceAddress(client)), Backoff.delayMs(attempt, random::nextDouble),
                        TimeUnit.MILLISECONDS);
                return;
            }
            if (droppedAt.containsKey(client) && reconnecting) {
                // A reconnect that failed tries again a little later, as an app would.
                timers.schedule(() -> client.connect(sourceAddress(client)), 500, TimeUnit.MILLISECONDS);
                return;
            }
            connecting.release();
            pendingConnects.countDown();
        } else if (!droppedAt.containsKey(client)) {
            metrics.error("closed:" + code);
        }
    }

    private String sourceAddress(Client client) {
        int i = clients.indexOf(client);
        return plan.sourceAddresses().get(Math.max(0, i) % plan.sourceAddresses().size());
    }

    // ---- load ----

    private void load(JsonNode command, Map<String, Object> answer) throws InterruptedException {
        double rate = command.path("rate").asDouble();
        long durationMs = command.path("durationMs").asLong();
        long drainMs = command.path("drainMs").asLong(2000);
        boolean perMessage = command.path("perMessage").asBoolean(false);
        List<Client> senders = clients.stream().filter(c -> c.spec().sender()).toList();
        metrics.resetCounters();
        metrics.stepStartEpochNanos = command.path("startEpochMs").asLong() * 1_000_000L;
        metrics.trackPerMessage = perMessage;
        long startMono = EpochClock.toMonotonic(command.path("startEpochMs").asLong() * 1_000_000L);
        long issued = 0;
        if (!senders.isEmpty() && rate > 0) {
            OpenLoopSchedule schedule = new OpenLoopSchedule(startMono, rate, durationMs * 1_000_000L);
            long offset = EpochClock.nanos() - System.nanoTime();
            issued = OpenLoop.run(schedule, (index, intended) -> {
                senders.get((int) (index % senders.size())).sendNext(intended + offset);
                metrics.issued.increment();
            }, () -> false);
        } else {
            Thread.sleep(Math.max(0, (startMono - System.nanoTime()) / 1_000_000) + durationMs);
        }
        Thread.sleep(drainMs);
        metrics.trackPerMessage = false;
        answer.put("issued", issued);
        answer.put("acked", metrics.acked.sum());
        answer.put("duplicatesAcked", metrics.duplicatesAcked.sum());
        answer.put("delivered", metrics.delivered.sum());
        answer.put("stale", metrics.stale.sum());
        answer.put("outbox", clients.stream().mapToLong(Client::outboxSize).sum());
        answer.put("deliver", Histograms.encode(Metrics.take(metrics.deliver)));
        answer.put("ack", Histograms.encode(Metrics.take(metrics.ack)));
        answer.put("errors", errors());
        answer.put("open", clients.stream().filter(Client::isReady).count());
        if (perMessage) {
            Path file = Path.of(plan.runDir(), "worker" + plan.worker() + "-" + command.path("phase").asString() + "-messages.tsv");
            List<String> lines = new ArrayList<>(metrics.perMessage.size());
            metrics.perMessage.forEach((key, v) -> lines.add(key + "\t" + v[0] + "\t" + v[1]));
            try {
                Files.write(file, lines);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            answer.put("perMessageFile", file.toString());
        }
    }

    private Map<String, Long> errors() {
        Map<String, Long> errors = new HashMap<>();
        metrics.errors.forEach((k, v) -> errors.put(k, v.sum()));
        return errors;
    }

    // ---- reconnect storm ----

    private void drop(JsonNode command, Map<String, Object> answer) {
        int dropped = 0;
        long now = System.nanoTime();
        for (int i = 0; i < clients.size(); i++) {
            // Clients come in pairs (sender, receiver): drop the sender of every other pair and the
            // receiver of the others, so half the senders and half the receivers go.
            if (i % 4 == 0 || i % 4 == 3) {
                Client client = clients.get(i);
                droppedAt.put(client, now);
                client.abort();
                dropped++;
            }
        }
        answer.put("dropped", dropped);
    }

    private void reconnect(JsonNode command, Map<String, Object> answer) throws InterruptedException {
        long jitterMs = command.path("jitterMs").asLong(5000);
        metrics.recover.reset();
        List<Client> dropped = new ArrayList<>(droppedAt.keySet());
        pendingRecoveries = new CountDownLatch(dropped.size());
        recoveryFailures.set(0);
        reconnecting = true;
        Random random = new Random(42);
        long start = System.nanoTime();
        for (Client client : dropped) {
            timers.schedule(() -> client.connect(sourceAddress(client)), (long) (random.nextDouble() * jitterMs),
                    TimeUnit.MILLISECONDS);
        }
        boolean all = pendingRecoveries.await(300, TimeUnit.SECONDS);
        reconnecting = false;
        answer.put("complete", all);
        answer.put("reconnected", dropped.size() - pendingRecoveries.getCount());
        answer.put("elapsedNanos", System.nanoTime() - start);
        answer.put("recover", Histograms.encode(Metrics.take(metrics.recover)));
        answer.put("syncFailures", recoveryFailures.get());
    }

    private volatile CountDownLatch pendingRecoveries = new CountDownLatch(0);
    private final AtomicInteger recoveryFailures = new AtomicInteger();

    // ---- failover: a node is killed under its devices ----

    /** Whether a lost live connection reconnects by itself, with the app's backoff (a failover run). */
    private volatile boolean armed;
    private final Random random = new Random(42);
    private final Map<Client, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<Client, Long> lostAt = new ConcurrentHashMap<>();
    /** Per recovered device: when it lost its socket, when it had a hello again, when it had synced (epoch ns). */
    private final Queue<long[]> recoveries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lostCount = new AtomicInteger();
    private final AtomicInteger recoveredCount = new AtomicInteger();
    private volatile long lastLossNanos;

    private void arm(Map<String, Object> answer) {
        recoveries.clear();
        lostAt.clear();
        attempts.clear();
        lostCount.set(0);
        recoveredCount.set(0);
        armed = true;
        answer.put("armed", clients.size());
    }

    /**
     * Waits until every device that lost its socket since {@code arm} is back and synced, and no
     * device lost its socket for 2 s (counting from this command too: the losses follow the kill by
     * a moment); answers the times from {@code killEpochMs} to each device's loss, hello and the
     * end of its sync.
     */
    private void awaitRecovered(JsonNode command, Map<String, Object> answer) throws InterruptedException {
        long killEpochNanos = command.path("killEpochMs").asLong() * 1_000_000L;
        long arrived = System.nanoTime();
        long deadline = arrived + TimeUnit.SECONDS.toNanos(command.path("timeoutSeconds").asLong(120));
        while (System.nanoTime() < deadline && (recoveredCount.get() < lostCount.get()
                || System.nanoTime() - Math.max(lastLossNanos, arrived) < 2_000_000_000L)) {
            Thread.sleep(50);
        }
        armed = false;
        Histogram back = Histograms.create();
        Histogram synced = Histograms.create();
        Histogram lost = Histograms.create();
        long lastSynced = 0;
        for (long[] r : recoveries) {
            Histograms.record(lost, r[0] - killEpochNanos);
            Histograms.record(back, r[1] - killEpochNanos);
            Histograms.record(synced, r[2] - killEpochNanos);
            lastSynced = Math.max(lastSynced, r[2]);
        }
        answer.put("complete", recoveredCount.get() >= lostCount.get());
        answer.put("lost", lostCount.get());
        answer.put("recovered", recoveredCount.get());
        answer.put("maxAttempts", attempts.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        answer.put("lastSyncedAfterKillNanos", lastSynced == 0 ? 0 : lastSynced - killEpochNanos);
        answer.put("lostAfterKill", Histograms.encode(lost));
        answer.put("back", Histograms.encode(back));
        answer.put("synced", Histograms.encode(synced));
        answer.put("syncFailures", recoveryFailures.get());
        answer.put("open", clients.stream().filter(Client::isReady).count());
        answer.put("errors", errors());
    }

    /** A dropped device is back: it syncs what it missed, resends its outbox, and counts as recovered. */
    private void recovered(Client client, long droppedAtNanos) {
        long backEpoch = EpochClock.nanos();
        try {
            if (client instanceof ParleyClient parley && client.spec().receiver() && tracking) {
                restCalls.acquire();
                try {
                    parley.sync();
                } finally {
                    restCalls.release();
                }
            }
            client.resendOutbox();
        } catch (Exception e) {
            recoveryFailures.incrementAndGet();
            metrics.error("sync:" + e.getClass().getSimpleName());
        } finally {
            Metrics.record(metrics.recover, System.nanoTime() - droppedAtNanos);
            Long lost = lostAt.remove(client);
            if (lost != null) {
                recoveries.add(new long[] {lost, backEpoch, EpochClock.nanos()});
                recoveredCount.incrementAndGet();
            }
            pendingRecoveries.countDown();
        }
    }

    private void syncAll(List<Client> receivers) {
        io.parley.loadtest.util.Parallel.map(receivers, 24, c -> ((ParleyClient) c).sync());
    }

    /**
     * The proof: after a last sync, every acknowledged sequence of every sender reached its
     * receivers exactly once (merged by message id), and nothing was stored twice.
     */
    private void verify(Map<String, Object> answer) {
        List<Client> receivers = clients.stream().filter(c -> c.spec().receiver()).toList();
        syncAll(receivers.stream().filter(c -> c instanceof ParleyClient).toList());
        Map<String, List<Client>> byTarget = new HashMap<>();
        receivers.forEach(c -> byTarget.computeIfAbsent(c.spec().target(), t -> new ArrayList<>()).add(c));
        long ackedTotal = 0;
        long missing = 0;
        long storedTwice = 0;
        long live = 0;
        long bySync = 0;
        long unacked = 0;
        for (Client sender : clients.stream().filter(c -> c.spec().sender()).toList()) {
            BitSet acked = sender.acked();
            unacked += sender.outboxSize();
            for (Client receiver : byTarget.getOrDefault(sender.spec().target(), List.of())) {
                if (receiver == sender) {
                    continue;
                }
                ackedTotal += acked.cardinality();
                Received got = receiver.received().get(sender.spec().stream());
                if (got == null) {
                    missing += acked.cardinality();
                    continue;
                }
                missing += got.missingOf(acked);
                storedTwice += got.storedTwice();
                live += got.live();
                bySync += got.bySync();
            }
        }
        answer.put("ackedChecked", ackedTotal);
        answer.put("missing", missing);
        answer.put("storedTwice", storedTwice);
        answer.put("live", live);
        answer.put("bySync", bySync);
        answer.put("unacked", unacked);
    }

    private void status(Map<String, Object> answer) {
        answer.put("open", clients.stream().filter(Client::isReady).count());
        answer.put("errors", errors());
    }

    private void quit(Map<String, Object> answer) {
        if (api != null) {
            List<String> lines = clients.stream().filter(c -> c instanceof ParleyClient).map(c -> ((ParleyClient) c).tokenLine()).toList();
            try {
                Files.write(Path.of(plan.runDir(), "worker" + plan.worker() + "-tokens.tsv"), lines);
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
        clients.forEach(Client::close);
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.close();
        answer.put("closed", true);
    }

    // ---- keeping sockets alive ----

    private long tick;

    private void heartbeats() {
        long t = tick++;
        int period = Math.max(1, plan.heartbeatSeconds());
        for (int i = (int) (t % period); i < clients.size(); i += period) {
            clients.get(i).heartbeat();
        }
    }

    /** Access tokens last 15 minutes: renew those with under 3 left, a few at a time. */
    private void renewTokens() {
        for (Client client : clients) {
            if (client instanceof ParleyClient parley && parley.isReady() && parley.tokenExpiresWithin(180_000)
                    && restCalls.tryAcquire()) {
                Thread.startVirtualThread(() -> {
                    try {
                        parley.renewToken();
                    } catch (RuntimeException e) {
                        metrics.error("renew:" + e.getMessage());
                    } finally {
                        restCalls.release();
                    }
                });
            }
        }
    }

    @Override
    public WorkerPlan plan() {
        return plan;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public String runNonce() {
        return nonce;
    }

    @Override
    public boolean tracking() {
        return tracking;
    }

    @Override
    public ParleyApi api() {
        return api;
    }
}
