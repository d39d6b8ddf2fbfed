package io.parley.cluster.faults;

import io.parley.support.Api;
import io.parley.support.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * Steady chat traffic through nginx, checked at every receiving device. {@code users} people, each
 * with two devices (a phone that sends and a second device that only receives), in pairs of
 * friends chatting one-to-one and all of them in one group. Each person's sending device writes
 * numbered messages at a steady pace, taking turns between the one-to-one chat and the group;
 * every device records what it sees, live and through sync.
 *
 * <p>Used in phases: {@link #begin} starts sending, the test does its damage, {@link #finish}
 * stops sending, waits for every outbox to empty and every acknowledged message to reach every
 * device it is for, checks the stored history and measures what the clients went through.
 */
public final class Traffic implements AutoCloseable {
    private static final String PASSWORD = "correct horse battery staple";
    private static final int MAX_LISTED = 20;

    private final Api api;
    private final String run;
    private final Tally tally = new Tally();
    private final List<Device> devices = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    /** Per person, their one-to-one conversation (with their pair). */
    private final List<Long> directOf = new ArrayList<>();
    private final Map<Long, List<Device>> devicesOf = new LinkedHashMap<>();
    private final Map<Long, String> readerToken = new HashMap<>();
    private final ConcurrentLinkedQueue<Sender.Acked> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Sender.Rejected> rejections = new ConcurrentLinkedQueue<>();
    private final double messagesPerSecond;
    private long group;
    private ScheduledExecutorService ticker;

    private record Person(long userId, String parleyId, String email, String token) {
    }

    private Traffic(Api api, String run, double messagesPerSecond) {
        this.api = api;
        this.run = run;
        this.messagesPerSecond = messagesPerSecond;
    }

    /**
     * Signs up {@code users} people (an even number) through {@code url}, makes the pairs friends with
     * a chat each, puts everyone in one group, and connects every device; returns once all are
     * connected and synced. Nothing is sent yet.
     */
    public static Traffic open(URI url, SSLContext tls, String run, int users, double messagesPerSecond) {
        if (users < 2 || users % 2 != 0) {
            throw new IllegalArgumentException("people chat in pairs: an even number, not " + users);
        }
        Api api = new Api(url.toString(), tls);
        Traffic traffic = new Traffic(api, run, messagesPerSecond);
        List<Person> people = new ArrayList<>();
        List<Person> secondDevices = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Person person = traffic.signUp(run + "_" + i);
            people.add(person);
            secondDevices.add(traffic.signIn(person));
        }
        for (int i = 0; i < users; i += 2) {
            long chat = traffic.directChat(people.get(i), people.get(i + 1));
            traffic.directOf.add(chat);
            traffic.directOf.add(chat);
        }
        Api.Response created = traffic.expect(api.post("/api/groups", people.getFirst().token(),
                Api.map("name", "Steady " + run, "joinMode", "open")), 201);
        traffic.group = Long.parseLong(created.at("/id"));
        for (Person person : people.subList(1, users)) {
            traffic.expect(api.post("/api/groups/join", person.token(), Api.map("groupId", created.at("/groupId"))), 200);
        }
        traffic.readerToken.put(traffic.group, people.getFirst().token());
        for (int i = 0; i < users; i += 2) {
            traffic.readerToken.put(traffic.directOf.get(i), people.get(i).token());
        }

        HttpClient sockets = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        URI ws = URI.create(url.toString().replaceFirst("^http", "ws") + "/ws");
        List<Device> phones = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            for (Person device : List.of(people.get(i), secondDevices.get(i))) {
                String name = (device == people.get(i) ? "phone-" : "tablet-") + i;
                // The cursor of a first sync: every later sync returns what came since.
                String cursor = traffic.expect(api.get("/api/sync", device.token()), 200).at("/cursor");
                Device connected = new Device(name, device.userId(), device.token(), cursor, ws, sockets, api, traffic.tally);
                traffic.devices.add(connected);
                if (device == people.get(i)) {
                    phones.add(connected);
                }
                traffic.devicesOf.computeIfAbsent(traffic.group, g -> new ArrayList<>()).add(connected);
                traffic.devicesOf.computeIfAbsent(traffic.directOf.get(i), g -> new ArrayList<>()).add(connected);
            }
        }
        for (int i = 0; i < users; i++) {
            traffic.senders.add(new Sender(i, phones.get(i), traffic.tally, traffic.acks::add, traffic.rejections::add));
        }
        if (!traffic.awaitAllReady(Duration.ofSeconds(60))) {
            traffic.close();
            throw new IllegalStateException("Not every device connected and synced within 60 s: " + traffic.notReady());
        }
        traffic.tally.reset();
        return traffic;
    }

    private Person signUp(String name) {
        Api.Response response = expect(api.post("/api/auth/local/sign-up", null, Api.map("email", name + "@example.com",
                "password", PASSWORD, "displayName", name, "parleyId", name)), 201);
        return new Person(Long.parseLong(response.at("/userId")), name, name + "@example.com", response.at("/accessToken"));
    }

    private Person signIn(Person person) {
        Api.Response response = expect(api.post("/api/auth/local/sign-in", null, Api.map("email", person.email(),
                "password", PASSWORD, "deviceName", "second device")), 200);
        return new Person(person.userId(), person.parleyId(), person.email(), response.at("/accessToken"));
    }

    private long directChat(Person a, Person b) {
        Api.Response request = expect(api.post("/api/friend-requests", a.token(), Api.map("parleyId", b.parleyId())), 201);
        expect(api.post("/api/friend-requests/" + request.at("/request/id") + "/accept", b.token(), null), 200);
        return Long.parseLong(expect(api.post("/api/conversations/direct", a.token(),
                Api.map("userId", Long.toString(b.userId()))), 200).at("/id"));
    }

    private Api.Response expect(Api.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + response);
        }
        return response;
    }

    public List<Device> devices() {
        return devices;
    }

    public boolean awaitAllReady(Duration within) {
        return until(() -> devices.stream().allMatch(Device::isReady), within);
    }

    public List<String> notReady() {
        return devices.stream().filter(device -> !device.isReady()).map(Device::name).toList();
    }

    /** A fault's window: when it began and ended, and what the devices had recorded before. */
    public final class Phase {
        private final String fault;
        private final long startNanos = System.nanoTime();
        private final Map<Device, int[]> before = new HashMap<>();
        private final int rejectedBefore = rejections.size();
        private long faultNanos = -1;
        private long healedNanos = -1;

        private Phase(String fault) {
            this.fault = fault;
            for (Device device : devices) {
                before.put(device, new int[] {device.liveDuplicates().size(), device.syncDuplicates().size(),
                        device.outOfOrder().size()});
            }
        }

        /** The damage is done now. */
        public void faultBegins() {
            faultNanos = System.nanoTime();
        }

        /** The part is back now (or, for what is not undone, the fault is complete). */
        public void faultEnds() {
            healedNanos = System.nanoTime();
        }

        public long faultNanos() {
            return faultNanos;
        }

        public long healedNanos() {
            return healedNanos;
        }

        /** Acks since the phase began. */
        public int acked() {
            return (int) acks.stream().filter(ack -> ack.ackNanos() >= startNanos).count();
        }
    }

    /** Starts a phase: counters afresh, steady sending on. */
    public Phase begin(String fault) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        tally.reset();
        Phase phase = new Phase(fault);
        AtomicInteger ticks = new AtomicInteger();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("traffic").daemon().factory());
        long every = Math.round(1_000_000 / messagesPerSecond);
        ticker.scheduleAtFixedRate(() -> {
            int tick = ticks.getAndIncrement();
            Sender sender = senders.get(tick % senders.size());
            int round = tick / senders.size();
            // Every other message of a sender to the group, the rest to its one-to-one chat.
            long conversation = round % 2 == 0 ? group : directOf.get(tick % senders.size());
            sender.write(conversation, run);
        }, 0, every, TimeUnit.MICROSECONDS);
        return phase;
    }

    /** Waits until {@code count} messages were acknowledged since the phase began: traffic flows. */
    public boolean awaitAcked(Phase phase, int count, Duration within) {
        return until(() -> phase.acked() >= count, within);
    }

    /** Waits until {@code count} messages were acknowledged after {@code nanos}. */
    public boolean awaitAckedAfter(long nanos, int count, Duration within) {
        return until(() -> acks.stream().filter(ack -> ack.ackNanos() >= nanos).count() >= count, within);
    }

    /** Waits until some device's socket closed after {@code nanos}; answers how many. */
    public int awaitCutAfter(long nanos, Duration within) {
        until(() -> !cutAfter(nanos).isEmpty(), within);
        return cutAfter(nanos).size();
    }

    /** Waits until every sender had a message acknowledged after {@code nanos}. */
    public boolean awaitEverySenderAckedAfter(long nanos, Duration within) {
        return until(() -> senders.stream().allMatch(sender -> acks.stream()
                .anyMatch(ack -> ack.device() == sender.device() && ack.ackNanos() >= nanos)), within);
    }

    /**
     * Ends a phase: stops sending, waits (up to {@code within} each) for the outboxes to empty and
     * for every message acknowledged in the phase to reach each of its devices, checks the stored
     * history, and measures.
     */
    public PhaseReport finish(Phase phase, Duration within) {
        ticker.shutdownNow();
        long stoppedNanos = System.nanoTime();
        boolean drained = until(() -> senders.stream().allMatch(Sender::idle), within);
        List<Sender.Acked> acked = acks.stream().filter(ack -> ack.ackNanos() >= phase.startNanos).toList();
        boolean delivered = until(() -> undelivered(acked).isEmpty(), within);
        long deliveredNanos = System.nanoTime();
        Map<String, Long> saw = new LinkedHashMap<>(tally.reset());
        if (!drained) {
            senders.stream().filter(sender -> !sender.idle()).forEach(sender ->
                    saw.put("still unsent at the end: " + sender.device().name(), (long) sender.waiting()));
        }

        List<String> missing = capped(undelivered(acked).stream().map(gap -> gap[0] + " on " + gap[1]).toList());
        int onlySync = 0;
        for (Sender.Acked ack : acked) {
            for (Device device : recipients(ack)) {
                if (device.hasSeen(ack.messageId()) && !device.hasSeenLive(ack.messageId())) {
                    onlySync++;
                }
            }
        }

        List<String> storedDuplicates = new ArrayList<>();
        List<String> storedMissing = new ArrayList<>();
        checkHistory(acked, storedDuplicates, storedMissing);

        long sendingEnds = Math.max(stoppedNanos, phase.startNanos);
        long healed = phase.healedNanos >= 0 ? phase.healedNanos : phase.faultNanos;
        return new PhaseReport(phase.fault,
                phase.faultNanos >= 0 && phase.healedNanos >= 0 ? millis(phase.healedNanos - phase.faultNanos) : -1,
                acked.size(),
                (int) acked.stream().filter(Sender.Acked::duplicate).count(),
                rejections.size() - phase.rejectedBefore,
                healed < 0 ? -1 : firstAckAfter(acked, healed),
                healed < 0 ? -1 : everySenderBack(acked, healed),
                longestSendStall(acked, phase.startNanos, stoppedNanos),
                cut(phase).size(),
                reconnectedAndSynced(phase),
                longestLiveGap(phase.startNanos, sendingEnds),
                delivered ? millis(deliveredNanos - stoppedNanos) : -1,
                onlySync,
                saw,
                missing,
                since(phase, 0, Device::liveDuplicates),
                since(phase, 1, Device::syncDuplicates),
                since(phase, 2, Device::outOfOrder),
                storedDuplicates,
                storedMissing,
                timelines(phase));
    }

    /** The devices a message is for: every device of every member but the one that sent it. */
    private List<Device> recipients(Sender.Acked ack) {
        return devicesOf.get(ack.outgoing().conversationId()).stream().filter(device -> device != ack.device()).toList();
    }

    /** {message, device} for each acknowledged message a device it is for has not seen. */
    private List<String[]> undelivered(Collection<Sender.Acked> acked) {
        List<String[]> gaps = new ArrayList<>();
        for (Sender.Acked ack : acked) {
            for (Device device : recipients(ack)) {
                if (!device.hasSeen(ack.messageId())) {
                    gaps.add(new String[] {"message " + ack.messageId() + " (" + ack.outgoing().body() + ")", device.name()});
                }
            }
        }
        return gaps;
    }

    /** The stored history of every conversation: each (sender, clientMessageId) once, every acked message under its acked id. */
    private void checkHistory(List<Sender.Acked> acked, List<String> duplicates, List<String> missing) {
        Map<String, Long> stored = new HashMap<>();
        for (Map.Entry<Long, String> conversation : readerToken.entrySet()) {
            long after = 0;
            boolean more = true;
            while (more) {
                Api.Response page = expect(api.get("/api/conversations/" + conversation.getKey() + "/messages?after=" + after
                        + "&limit=100", conversation.getValue()), 200);
                JsonNode body = page.json();
                for (JsonNode message : body.path("messages")) {
                    long id = message.path("id").asLong();
                    after = Math.max(after, id);
                    String clientMessageId = message.path("clientMessageId").asString("");
                    if (clientMessageId.isEmpty()) {
                        continue;
                    }
                    String key = message.path("senderId").asString() + "/" + clientMessageId;
                    Long earlier = stored.putIfAbsent(key, id);
                    if (earlier != null && duplicates.size() < MAX_LISTED) {
                        duplicates.add(key + " stored as " + earlier + " and " + id);
                    }
                }
                more = body.path("hasMore").asBoolean();
            }
        }
        for (Sender.Acked ack : acked) {
            Long id = stored.get(ack.device().userId() + "/" + ack.outgoing().clientMessageId());
            if ((id == null || id != ack.messageId()) && missing.size() < MAX_LISTED) {
                missing.add(ack.outgoing().clientMessageId() + " acked as " + ack.messageId() + ", stored as " + id);
            }
        }
    }

    private static long firstAckAfter(List<Sender.Acked> acked, long nanos) {
        return acked.stream().mapToLong(Sender.Acked::ackNanos).filter(at -> at >= nanos).min()
                .stream().map(at -> millis(at - nanos)).findFirst().orElse(-1);
    }

    private long everySenderBack(List<Sender.Acked> acked, long nanos) {
        long worst = 0;
        for (Sender sender : senders) {
            long first = acked.stream().filter(ack -> ack.device() == sender.device()).mapToLong(Sender.Acked::ackNanos)
                    .filter(at -> at >= nanos).min().orElse(-1);
            if (first < 0) {
                return -1;
            }
            worst = Math.max(worst, millis(first - nanos));
        }
        return worst;
    }

    private long longestSendStall(List<Sender.Acked> acked, long from, long to) {
        long worst = 0;
        for (Sender sender : senders) {
            long previous = from;
            List<Long> times = acked.stream().filter(ack -> ack.device() == sender.device())
                    .map(Sender.Acked::ackNanos).sorted().toList();
            for (long at : times) {
                worst = Math.max(worst, at - previous);
                previous = at;
            }
            // Waiting when sending stopped counts up to then (what came later was the outbox draining).
            worst = Math.max(worst, to - previous);
        }
        return millis(worst);
    }

    /** Devices whose socket closed after the fault began. */
    private List<Device> cut(Phase phase) {
        return cutAfter(phase.faultNanos >= 0 ? phase.faultNanos : phase.startNanos);
    }

    private List<Device> cutAfter(long from) {
        return devices.stream().filter(device -> device.events().stream()
                .anyMatch(event -> event.kind() == Device.Kind.CLOSED && event.nanos() >= from)).toList();
    }

    /** From the fault until every device it cut was connected and synced after its last cut. */
    private long reconnectedAndSynced(Phase phase) {
        List<Device> cut = cut(phase);
        if (cut.isEmpty()) {
            return -1;
        }
        long worst = 0;
        for (Device device : cut) {
            List<Device.Event> events = device.events();
            long lastClosed = events.stream().filter(event -> event.kind() == Device.Kind.CLOSED)
                    .mapToLong(Device.Event::nanos).max().orElseThrow();
            long synced = events.stream().filter(event -> event.kind() == Device.Kind.SYNCED && event.nanos() > lastClosed)
                    .mapToLong(Device.Event::nanos).min().orElse(-1);
            if (synced < 0) {
                return -1;
            }
            worst = Math.max(worst, synced - (phase.faultNanos >= 0 ? phase.faultNanos : phase.startNanos));
        }
        return millis(worst);
    }

    /** For each cut device: "closed 1012 +0.31, connected +0.92, synced +1.05, ..." (seconds from the fault). */
    private Map<String, String> timelines(Phase phase) {
        long from = phase.faultNanos >= 0 ? phase.faultNanos : phase.startNanos;
        Map<String, String> timelines = new LinkedHashMap<>();
        for (Device device : cut(phase)) {
            StringBuilder line = new StringBuilder();
            for (Device.Event event : device.events()) {
                if (event.nanos() < from) {
                    continue;
                }
                if (!line.isEmpty()) {
                    line.append(", ");
                }
                line.append(event.kind().name().toLowerCase(java.util.Locale.ROOT));
                if (!event.detail().isEmpty()) {
                    line.append(' ').append(event.detail());
                }
                line.append(String.format(java.util.Locale.ROOT, " +%.2f", (event.nanos() - from) / 1e9));
            }
            timelines.put(device.name(), line.toString());
        }
        return timelines;
    }

    private long longestLiveGap(long from, long to) {
        long worst = 0;
        for (Device device : devices) {
            long previous = from;
            for (long at : device.liveNanos()) {
                if (at < from || at > to) {
                    continue;
                }
                worst = Math.max(worst, at - previous);
                previous = at;
            }
        }
        return millis(worst);
    }

    private List<String> since(Phase phase, int which, java.util.function.Function<Device, List<String>> list) {
        List<String> found = new ArrayList<>();
        for (Device device : devices) {
            List<String> all = list.apply(device);
            all.subList(Math.min(all.size(), phase.before.get(device)[which]), all.size())
                    .forEach(entry -> found.add(device.name() + ": " + entry));
        }
        return capped(found);
    }

    private static List<String> capped(List<String> all) {
        if (all.size() <= MAX_LISTED) {
            return all;
        }
        List<String> capped = new ArrayList<>(all.subList(0, MAX_LISTED));
        capped.add("... " + (all.size() - MAX_LISTED) + " more, " + all.size() + " in all");
        return capped;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static boolean until(BooleanSupplier condition, Duration within) {
        return Eventually.holds(condition, within);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        senders.forEach(Sender::close);
        devices.forEach(Device::close);
    }
}
