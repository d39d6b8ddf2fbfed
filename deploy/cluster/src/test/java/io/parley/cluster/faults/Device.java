package io.parley.cluster.faults;

import io.parley.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One app instance, as the app behaves: one socket through nginx, reconnected with exponential
 * backoff and jitter whenever it closes, a {@code GET /api/sync} from the saved cursor after every
 * (re)connect before anything is sent, a ping every 20 s. It records every message it sees, live
 * (per connection, to catch a frame delivered twice) and through sync, with the time it saw it.
 */
public final class Device implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PING_EVERY = Duration.ofSeconds(20);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    /** The app backs off to 30 s; 5 s keeps a test short and still spreads the reconnects. */
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** What happened to the device's socket, when (System.nanoTime). */
    public enum Kind { CONNECTED, SYNCED, CLOSED }

    public record Event(Kind kind, long nanos, int connection, String detail) {
    }

    /** The answer to a request: the reply frame, or why there is none. */
    public sealed interface Reply {
        record Answered(JsonNode frame) implements Reply {
        }

        /** The socket closed (or the frame could not be written) before a reply came. */
        record Closed() implements Reply {
        }

        record NoReply() implements Reply {
        }

        /** No socket ready (connected and synced) within the wait. */
        record NotReady() implements Reply {
        }
    }

    private final String name;
    private final long userId;
    private final String token;
    private final URI ws;
    private final HttpClient http;
    private final Api api;
    private final Tally tally;
    private final Thread loop;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean stopping;

    private final Object lock = new Object();
    // Guarded by lock.
    private Connection ready;
    private String cursor;
    private int connections;
    private final Map<Long, Long> firstSeenNanos = new HashMap<>();
    private final Set<Long> seenLive = new HashSet<>();
    private final Set<Long> seenBySync = new HashSet<>();
    private final List<Long> liveNanos = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> liveDuplicates = new ArrayList<>();
    private final List<String> syncDuplicates = new ArrayList<>();
    private final List<String> outOfOrder = new ArrayList<>();

    /**
     * @param cursor the cursor of a first sync (taken before any traffic), so every later sync
     *               returns the messages since
     */
    Device(String name, long userId, String token, String cursor, URI ws, HttpClient http, Api api, Tally tally) {
        this.name = name;
        this.userId = userId;
        this.token = token;
        this.cursor = cursor;
        this.ws = ws;
        this.http = http;
        this.api = api;
        this.tally = tally;
        this.loop = Thread.ofVirtual().name("device-" + name).start(this::run);
    }

    public String name() {
        return name;
    }

    public long userId() {
        return userId;
    }

    /** Connected, hello received, synced: what the app waits for before it sends. */
    public boolean isReady() {
        synchronized (lock) {
            return ready != null && !ready.closed.isDone();
        }
    }

    public boolean hasSeen(long messageId) {
        synchronized (lock) {
            return firstSeenNanos.containsKey(messageId);
        }
    }

    public boolean hasSeenLive(long messageId) {
        synchronized (lock) {
            return seenLive.contains(messageId);
        }
    }

    public List<Long> liveNanos() {
        synchronized (lock) {
            return List.copyOf(liveNanos);
        }
    }

    public List<Event> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** "message m on connection c" for every message frame that came twice on one connection. */
    public List<String> liveDuplicates() {
        synchronized (lock) {
            return List.copyOf(liveDuplicates);
        }
    }

    /** Messages returned by two syncs (sync promises no duplicates while nothing changes a message). */
    public List<String> syncDuplicates() {
        synchronized (lock) {
            return List.copyOf(syncDuplicates);
        }
    }

    /** Live frames of a conversation that carried a smaller id than an earlier one on the same connection. */
    public List<String> outOfOrder() {
        synchronized (lock) {
            return List.copyOf(outOfOrder);
        }
    }

    /**
     * Sends a frame on the ready socket (waiting up to {@code readyWithin} for one) and waits up to
     * {@code replyWithin} for the frame that answers it ({@code ack}, {@code error}, ...).
     */
    public Reply request(Map<String, Object> frame, Duration readyWithin, Duration replyWithin) throws InterruptedException {
        Connection connection;
        long deadline = System.nanoTime() + readyWithin.toNanos();
        synchronized (lock) {
            while ((ready == null || ready.closed.isDone()) && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Reply.NotReady();
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (stopping) {
                return new Reply.NotReady();
            }
            connection = ready;
        }
        String id = "r" + requests.incrementAndGet();
        Map<String, Object> sent = new java.util.LinkedHashMap<>(frame);
        sent.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        connection.replies.put(id, reply);
        if (connection.closed.isDone() || !connection.send(JSON.writeValueAsString(sent))) {
            connection.replies.remove(id);
            return new Reply.Closed();
        }
        try {
            return new Reply.Answered(reply.get(replyWithin.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return new Reply.Closed();
        } catch (TimeoutException e) {
            connection.replies.remove(id);
            return new Reply.NoReply();
        }
    }

    private void run() {
        int attempt = 0;
        while (!stopping) {
            Connection connection = connect();
            if (connection == null) {
                backoff(attempt++);
                continue;
            }
            record(Kind.CONNECTED, connection.number, "");
            if (!syncUntilDone(connection)) {
                closed(connection);
                backoff(attempt++);
                continue;
            }
            record(Kind.SYNCED, connection.number, "");
            synchronized (lock) {
                ready = connection;
                lock.notifyAll();
            }
            attempt = 0;
            while (!stopping && !connection.closed.isDone()) {
                try {
                    connection.closed.get(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    connection.send("{\"type\":\"ping\"}");
                } catch (InterruptedException e) {
                    return;
                } catch (ExecutionException e) {
                    break;
                }
            }
            closed(connection);
            if (!stopping) {
                backoff(attempt++);
            }
        }
    }

    /** A socket that said hello, or null (the failure counted). */
    private Connection connect() {
        Connection connection;
        synchronized (lock) {
            connection = new Connection(++connections);
        }
        try {
            connection.socket = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(ws, connection.listener())
                    .get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            tally.count(e.getCause() instanceof WebSocketHandshakeException refused
                    ? "handshake refused " + refused.getResponse().statusCode()
                    : "connect failed (" + e.getCause().getClass().getSimpleName() + ")");
            return null;
        } catch (TimeoutException e) {
            tally.count("connect timed out");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return null;
        }
        try {
            CompletableFuture.anyOf(connection.hello, connection.closed).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        if (!connection.hello.isDone() || connection.closed.isDone()) {
            tally.count("no hello");
            connection.socket.abort();
            return null;
        }
        return connection;
    }

    /** Syncs (again and again, with backoff, while it fails) as long as the socket stays open; false if it closed. */
    private boolean syncUntilDone(Connection connection) {
        int failures = 0;
        while (!stopping && !connection.closed.isDone()) {
            String failure = syncOnce();
            if (failure == null) {
                return true;
            }
            tally.count("sync failed: " + failure);
            backoff(failures++);
        }
        return false;
    }

    /** One sync to the end (while hasMore); null if it worked, else why not. */
    private String syncOnce() {
        String from;
        synchronized (lock) {
            from = cursor;
        }
        while (true) {
            Api.Response response;
            try {
                response = api.get("/api/sync" + (from == null ? "" : "?cursor=" + Api.encode(from)), token);
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName();
            }
            if (response.status() != 200) {
                return response.status() + " " + response.problem();
            }
            JsonNode body = response.json();
            long now = System.nanoTime();
            synchronized (lock) {
                for (JsonNode message : body.path("messages")) {
                    long id = message.path("id").asLong();
                    if (!seenBySync.add(id)) {
                        syncDuplicates.add("message " + id);
                    }
                    firstSeenNanos.putIfAbsent(id, now);
                }
                from = body.path("cursor").asString();
                cursor = from;
            }
            if (!body.path("hasMore").asBoolean()) {
                return null;
            }
        }
    }

    private void closed(Connection connection) {
        synchronized (lock) {
            if (ready == connection) {
                ready = null;
            }
        }
        Integer code = connection.closed.getNow(null);
        record(Kind.CLOSED, connection.number, code == null ? "aborted" : Integer.toString(code));
        connection.replies.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException("closed")));
        connection.replies.clear();
        connection.socket.abort();
    }

    private void record(Kind kind, int connection, String detail) {
        synchronized (lock) {
            events.add(new Event(kind, System.nanoTime(), connection, detail));
        }
    }

    private void liveMessage(Connection connection, JsonNode message) {
        long id = message.path("id").asLong();
        long conversation = message.path("conversationId").asLong();
        long now = System.nanoTime();
        synchronized (lock) {
            if (!connection.live.add(id)) {
                liveDuplicates.add("message " + id + " on connection " + connection.number);
            }
            Long last = connection.lastIdByConversation.put(conversation, Math.max(id,
                    connection.lastIdByConversation.getOrDefault(conversation, 0L)));
            if (last != null && id < last) {
                outOfOrder.add("message " + id + " after " + last + " in conversation " + conversation);
            }
            seenLive.add(id);
            firstSeenNanos.putIfAbsent(id, now);
            liveNanos.add(now);
        }
    }

    /** Exponential backoff with jitter (±50 %), as the app reconnects. */
    private void backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
        long jittered = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public void close() {
        stopping = true;
        loop.interrupt();
        synchronized (lock) {
            lock.notifyAll();
            if (ready != null) {
                ready.socket.abort();
            }
        }
        try {
            loop.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** One socket: its frames, the requests waiting for a reply on it, what it delivered. */
    private final class Connection {
        final int number;
        final CompletableFuture<Void> hello = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
        // Guarded by Device.lock.
        final Set<Long> live = new HashSet<>();
        final Map<Long, Long> lastIdByConversation = new HashMap<>();
        volatile WebSocket socket;

        Connection(int number) {
            this.number = number;
        }

        /** One frame at a time (the JDK's socket allows one send in flight); false if it could not be written. */
        synchronized boolean send(String text) {
            try {
                socket.sendText(text, true).get(10, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        WebSocket.Listener listener() {
            StringBuilder partial = new StringBuilder();
            return new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket webSocket) {
                    webSocket.request(1);
                }

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        JsonNode frame = JSON.readTree(partial.toString());
                        partial.setLength(0);
                        handle(frame);
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    closed.complete(-1);
                }
            };
        }

        private void handle(JsonNode frame) {
            String type = frame.path("type").asString();
            switch (type) {
                case "hello" -> hello.complete(null);
                case "message" -> liveMessage(this, frame.path("message"));
                default -> {
                    String id = frame.path("id").asString(null);
                    CompletableFuture<JsonNode> reply = id == null ? null : replies.remove(id);
                    if (reply != null) {
                        reply.complete(frame);
                    }
                }
            }
        }
    }
}
