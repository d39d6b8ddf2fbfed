package io.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) speaking Parley's protocol: keeps every frame it receives,
 * in order, and lets a test wait for the one it expects.
 */
public final class WsClient implements AutoCloseable {
    private static final JsonMapper json = JsonMapper.builder().build();
    private final List<JsonNode> frames = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closeReason;
    private final boolean reading;
    private WebSocket socket;
    private int requestCounter;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    /** Connects and waits for the server's hello. */
    public static WsClient connect(int port, String token) {
        WsClient client = open(port, token, true);
        client.await("hello");
        return client;
    }

    /**
     * A client that opens a socket and then reads nothing, with a tiny receive buffer: as a phone
     * on a dying network. (A raw socket: the JDK's client keeps reading into memory regardless.)
     */
    public static java.net.Socket connectStalled(int port, String token) {
        try {
            java.net.Socket socket = new java.net.Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("localhost", port), 5000);
            String request = "GET /ws?access_token=" + token + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, 12);
            String status = new String(head, 0, read, java.nio.charset.StandardCharsets.US_ASCII);
            if (!status.contains("101")) {
                throw new AssertionError("Handshake refused: " + status);
            }
            return socket;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static WsClient open(int port, String token, boolean reading) {
        return open("ws://localhost:" + port, null, token, reading);
    }

    /**
     * Connects to {@code base} (ws or wss, no trailing slash) and waits for hello; {@code tls}
     * trusts the server's certificate (null: the JDK's).
     */
    public static WsClient connect(String base, javax.net.ssl.SSLContext tls, String token) {
        WsClient client = open(base, tls, token, true);
        client.await("hello");
        return client;
    }

    private static WsClient open(String base, javax.net.ssl.SSLContext tls, String token, boolean reading) {
        WsClient client = new WsClient(reading);
        HttpClient.Builder http = HttpClient.newBuilder();
        if (tls != null) {
            http.sslContext(tls);
        }
        client.socket = http.build().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(base + "/ws?access_token=" + token), client.listener())
                .join();
        return client;
    }

    /** Connects as a browser does: the token as a subprotocol next to "parley.v1"; answers the accepted one. */
    public static WsClient connectAsBrowser(int port, String token) {
        WsClient client = new WsClient(true);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .subprotocols("parley.v1", "bearer." + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), client.listener())
                .join();
        client.await("hello");
        return client;
    }

    /** Connects as an app does: the token in the Authorization header. */
    public static WsClient connectWithHeader(int port, String token) {
        WsClient client = new WsClient(true);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), client.listener())
                .join();
        client.await("hello");
        return client;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** The HTTP status with which the handshake was refused. */
    public static int refusal(int port, String token) {
        try {
            open(port, token, true).close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode frame = json.readTree(partial.toString());
                    partial.setLength(0);
                    synchronized (frames) {
                        frames.add(frame);
                        frames.notifyAll();
                    }
                }
                if (reading) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = reason;
                closed.complete(statusCode);
                synchronized (frames) {
                    frames.notifyAll();
                }
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    public void send(Object frame) {
        sendText(frame instanceof String text ? text : json.writeValueAsString(frame));
    }

    public synchronized void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** A fresh correlation id for a frame. */
    public synchronized String nextId() {
        return "r" + (++requestCounter);
    }

    /** Sends a message and waits for its ack. */
    public JsonNode sendMessage(String conversationId, String body) {
        String id = nextId();
        send(Api.map("type", "send", "id", id, "conversationId", conversationId,
                "clientMessageId", java.util.UUID.randomUUID().toString(), "body", body));
        return awaitReply(id);
    }

    /** Waits for the ack, ok or error answering the frame with this id. */
    public JsonNode awaitReply(String id) {
        return await(frame -> id.equals(frame.path("id").asString(null))
                && java.util.Set.of("ack", "ok", "error", "pong").contains(frame.path("type").asString()));
    }

    public JsonNode await(String type) {
        return await(frame -> type.equals(frame.path("type").asString()));
    }

    public JsonNode await(String type, Predicate<JsonNode> matching) {
        return await(frame -> type.equals(frame.path("type").asString()) && matching.test(frame));
    }

    /** The first frame received (ever) that matches; waits up to 10 seconds for it. */
    public JsonNode await(Predicate<JsonNode> matching) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (frames) {
            while (true) {
                for (JsonNode frame : frames) {
                    if (matching.test(frame)) {
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.isDone() && frames.stream().noneMatch(matching)) {
                    throw new AssertionError("No matching frame within 10 s; closed=" + closed.getNow(null) + "; got " + frames);
                }
                try {
                    frames.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Every frame received so far that matches, in the order received. */
    public List<JsonNode> all(Predicate<JsonNode> matching) {
        synchronized (frames) {
            return frames.stream().filter(matching).toList();
        }
    }

    /** Every frame of this type received so far. */
    public List<JsonNode> all(String type) {
        synchronized (frames) {
            return frames.stream().filter(f -> type.equals(f.path("type").asString())).toList();
        }
    }

    /** Waits a moment and answers whether a matching frame arrived (for "nothing must arrive" checks). */
    public boolean receivesWithin(Duration wait, Predicate<JsonNode> matching) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (frames) {
            while (System.nanoTime() < deadline) {
                if (frames.stream().anyMatch(matching)) {
                    return true;
                }
                try {
                    frames.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return frames.stream().anyMatch(matching);
        }
    }

    /** The close code the server sent, waiting up to {@code wait} for it. */
    public Integer closeCode(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** The reason the server gave with its close frame, once {@link #closeCode} answered. */
    public String closeReason() {
        return closeReason;
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isOutputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}
