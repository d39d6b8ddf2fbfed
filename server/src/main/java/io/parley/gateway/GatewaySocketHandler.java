package io.parley.gateway;

import io.micrometer.tracing.Span;
import io.parley.platform.security.AccessTokens;
import io.parley.platform.tracing.Traces;
import io.parley.platform.web.StorableText;
import io.parley.platform.web.UnstorableTextException;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.ConnectionEvent;
import io.parley.protocol.ServerFrame;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The /ws endpoint: turns socket events into connections and text into frames. A frame that
 * cannot be read is answered with an error frame; the socket stays open.
 *
 * <p>Each frame is handled in a span of its own ({@code ws receive <type>}, a trace of its own, as
 * an HTTP request is): what is logged meanwhile carries its trace id, and a message sent in a
 * sampled one is traced on through the writer, the bus and the fan-out to the sockets it reaches.
 */
@Component
class GatewaySocketHandler extends TextWebSocketHandler implements SubProtocolCapable {
    private static final Logger log = LoggerFactory.getLogger(GatewaySocketHandler.class);
    static final String VERIFIED = "parley.verified";
    private static final String CONNECTION = "parley.connection";
    private static final Map<Class<?>, String> SPAN_NAMES = FrameNames.of(ClientFrame.class, "ws receive ");

    private final SessionHub hub;
    private final FrameDispatcher dispatcher;
    private final JsonMapper json;
    private final Clock clock;
    private final GatewayProperties properties;
    private final ApplicationEventPublisher events;
    private final GatewayMetrics metrics;
    private final Traces traces;
    private final AtomicLong connectionIds = new AtomicLong();

    GatewaySocketHandler(SessionHub hub, FrameDispatcher dispatcher, JsonMapper json, Clock clock,
            GatewayProperties properties, ApplicationEventPublisher events, GatewayMetrics metrics, Traces traces) {
        this.hub = hub;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.events = events;
        this.metrics = metrics;
        this.traces = traces;
    }

    /** The protocol a browser asks for next to its "bearer.<token>" subprotocol. */
    @Override
    public java.util.List<String> getSubProtocols() {
        return java.util.List.of("parley.v1");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        AccessTokens.Verified verified = (AccessTokens.Verified) session.getAttributes().remove(VERIFIED);
        Connection connection = new Connection(connectionIds.incrementAndGet(), verified.caller().userId(),
                verified.caller().sessionId(), session, verified.expiresAt(), clock.millis(),
                properties.outboundFrames(), properties.outboundBytes(), metrics);
        session.getAttributes().put(CONNECTION, connection);
        limitBlockingWrites(session);
        hub.register(connection);
        // Before the hello: a client that has its hello is online (presence knows it) everywhere.
        events.publishEvent(new ConnectionEvent.Opened(connection.id, connection.userId, connection.deviceSessionId));
        connection.send(hub.encode(new ServerFrame.Hello(Long.toString(connection.userId),
                Long.toString(connection.deviceSessionId), clock.instant(), (int) properties.heartbeat().toSeconds(),
                (int) properties.idleTimeout().toSeconds(), properties.maxFrameBytes())));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        connection.heard(clock.millis());
        String text = assemble(connection, message);
        if (text == null) {
            return;
        }
        try (Traces.Scope span = traces.open("ws receive", Span.Kind.SERVER, null)) {
            handle(connection, text, span);
        }
    }

    private void handle(Connection connection, String text, Traces.Scope span) {
        SocketFrameContext context = new SocketFrameContext(connection, hub);
        ClientFrame frame;
        try {
            frame = json.readValue(text, ClientFrame.class);
        } catch (UnstorableTextException e) {
            unreadable(context, span, correlationId(text), "invalid-text", e.detail());
            return;
        } catch (InvalidTypeIdException e) {
            unreadable(context, span, correlationId(text), "unknown-frame", "Unknown frame type; see docs/protocol.md");
            return;
        } catch (JacksonException e) {
            unreadable(context, span, correlationId(text), "malformed-frame",
                    "The frame is not valid JSON of the expected shape");
            return;
        }
        if (frame == null) {
            unreadable(context, span, null, "malformed-frame", "The frame is empty");
            return;
        }
        String name = SPAN_NAMES.get(frame.getClass());
        span.name(name);
        if (log.isDebugEnabled()) {
            // What and from whom, never what it says.
            log.debug("{} from connection {} of user {}", name, connection.id, connection.userId);
        }
        metrics.received(frame);
        dispatcher.dispatch(context, frame);
    }

    private void unreadable(SocketFrameContext context, Traces.Scope span, String correlationId, String code,
            String detail) {
        span.name("ws receive " + GatewayMetrics.UNREADABLE);
        log.debug("Unreadable frame from connection {}: {}", context.connection().id, code);
        metrics.unreadable();
        context.reply(new ServerFrame.Error(correlationId, code, detail));
    }

    /**
     * Joins a frame that arrives in parts; answers the whole text, or null while parts are
     * missing or when the frame was too large (then an error frame has been sent).
     */
    private String assemble(Connection connection, TextMessage message) {
        if (message.isLast() && connection.partial == null) {
            if (utf8LengthExceeds(message.getPayload(), properties.maxFrameBytes())) {
                tooLarge(connection);
                return null;
            }
            return message.getPayload();
        }
        if (connection.partial == null) {
            connection.partial = new StringBuilder();
            connection.partialTooLarge = false;
        }
        if (!connection.partialTooLarge) {
            connection.partial.append(message.getPayload());
            if (utf8LengthExceeds(connection.partial, properties.maxFrameBytes())) {
                connection.partialTooLarge = true;
                connection.partial.setLength(0);
            }
        }
        if (!message.isLast()) {
            return null;
        }
        String text = connection.partialTooLarge ? null : connection.partial.toString();
        if (connection.partialTooLarge) {
            tooLarge(connection);
        }
        connection.partial = null;
        return text;
    }

    /** Whether the text takes more than {@code max} bytes in UTF-8, counting only when it could. */
    static boolean utf8LengthExceeds(CharSequence text, int max) {
        if (text.length() > max) {
            return true;
        }
        if ((long) text.length() * 3 <= max) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > max;
    }

    private void tooLarge(Connection connection) {
        metrics.unreadable();
        connection.send(hub.encode(new ServerFrame.Error(null, "frame-too-large",
                "Frames are at most " + properties.maxFrameBytes() + " bytes")));
    }

    /** The "id" of a frame that could not be read, if it can be found, so the client can match the error. */
    private String correlationId(String text) {
        try {
            var node = json.readTree(text);
            return node != null && node.path("id").isString() && StorableText.storable(node.path("id").asString())
                    ? node.path("id").asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * A write to a socket whose peer stopped reading gives up after 10 s (Tomcat's default is
     * 20 s), and the connection is dropped: a dead phone must not hold a writer for long.
     */
    private static void limitBlockingWrites(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session standard) {
            standard.getUserProperties().put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 10_000L);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on {}: {}", session.getId(), exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = (Connection) session.getAttributes().remove(CONNECTION);
        if (connection == null) {
            return;
        }
        connection.markClosed();
        boolean last = hub.unregister(connection);
        events.publishEvent(new ConnectionEvent.Closed(connection.id, connection.userId, connection.deviceSessionId, last));
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

}
