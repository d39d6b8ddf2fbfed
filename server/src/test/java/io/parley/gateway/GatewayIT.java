package io.parley.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.support.Eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.bus.EventBus;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The socket itself: who may open one, what a bad frame gets, what keeps it alive and what ends it. */
class GatewayIT extends IntegrationTest {
    @Autowired
    SessionHub hub;
    @Autowired
    EventBus bus;
    @Autowired
    MeterRegistry meters;

    private JsonNode errorFor(WsClient socket, String text) {
        socket.sendText(text);
        return socket.await("error", f -> true);
    }

    @Test
    void badFramesGetAnErrorFrameAndTheSocketStaysOpen() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (WsClient socket = connect(ana)) {
            socket.sendText("this is not json");
            assertThat(socket.await("error").path("code").asString()).isEqualTo("malformed-frame");
            socket.sendText("{\"type\":\"teleport\",\"id\":\"t1\"}");
            JsonNode unknown = socket.await("error", f -> f.path("id").asString("").equals("t1"));
            assertThat(unknown.path("code").asString()).isEqualTo("unknown-frame");
            socket.sendText("{\"type\":\"send\",\"id\":\"t2\",\"conversationId\":\"abc\",\"clientMessageId\":\"x\",\"body\":\"hi\"}");
            assertThat(socket.await("error", f -> f.path("id").asString("").equals("t2")).path("code").asString())
                    .isEqualTo("invalid-frame");
            socket.sendText("{\"type\":\"send\",\"id\":\"t3\",\"conversationId\":\"" + chat + "\",\"body\":\"no client id\"}");
            assertThat(socket.await("error", f -> f.path("id").asString("").equals("t3")).path("code").asString())
                    .isEqualTo("invalid-message");
            socket.sendText("{\"type\":\"send\",\"id\":\"t4\",\"conversationId\":\"" + chat + "\",\"clientMessageId\":\"c4\",\"body\":42}");
            assertThat(socket.await("error", f -> f.path("id").asString("").equals("t4")).path("code").asString())
                    .isEqualTo("malformed-frame");
            socket.sendText("{\"type\":\"read\",\"id\":\"t5\",\"conversationId\":\"" + chat + "\",\"messageId\":\"1\",\"extra\":1}");
            assertThat(socket.await("error", f -> f.path("id").asString("").equals("t5")).path("code").asString())
                    .isEqualTo("malformed-frame");
            // A 100 KB frame: refused, connection kept.
            socket.sendText("{\"type\":\"send\",\"id\":\"t6\",\"body\":\"" + "x".repeat(100_000) + "\"}");
            assertThat(socket.await("error", f -> f.path("code").asString("").equals("frame-too-large"))).isNotNull();

            assertThat(socket.isOpen()).isTrue();
            String ping = socket.nextId();
            socket.send(Api.map("type", "ping", "id", ping));
            assertThat(socket.awaitReply(ping).path("type").asString()).isEqualTo("pong");
            assertThat(socket.sendMessage(chat, "still works").path("type").asString()).isEqualTo("ack");
        }
        // None of that stored anything.
        assertThat(api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).json().get("messages").size())
                .isEqualTo(1);
    }

    @Test
    void aPublishedDeliveryReachesEveryDeviceOfItsRecipientsButTheOneItSkips() {
        TestUser ana = signUp("Ana");
        TestUser anaLaptop = newDevice(ana, "laptop");
        TestUser bo = signUp("Bo");
        TestUser cy = signUp("Cy");
        try (WsClient phone = connect(ana); WsClient laptop = connect(anaLaptop); WsClient boSocket = connect(bo);
                WsClient cySocket = connect(cy)) {
            for (WsClient socket : List.of(phone, laptop, boSocket, cySocket)) {
                socket.await("hello");
            }
            bus.publish(new Delivery(ana.id(), new long[] {ana.id(), bo.id()}, ana.sessionId(),
                    new ServerFrame.Typing("1", ana.idString())));
            // Same routing key: it arrives after the first, so whoever lacks the first by then never gets it.
            bus.publish(new Delivery(ana.id(), new long[] {ana.id(), bo.id(), cy.id()}, 0,
                    new ServerFrame.Typing("2", ana.idString())));

            for (WsClient socket : List.of(phone, laptop, boSocket, cySocket)) {
                socket.await("typing", f -> f.path("conversationId").asString().equals("2"));
            }
            for (WsClient socket : List.of(laptop, boSocket)) {
                assertThat(socket.all("typing").getFirst().path("conversationId").asString()).isEqualTo("1");
            }
            for (WsClient socket : List.of(phone, cySocket)) {
                assertThat(socket.all("typing")).extracting(f -> f.path("conversationId").asString()).containsExactly("2");
            }
        }
    }

    @Test
    void aLargeButAllowedFrameArrivingInPartsIsAccepted() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (WsClient socket = connect(ana); WsClient boSocket = connect(bo)) {
            String body = "長".repeat(10_000);
            JsonNode ack = socket.sendMessage(chat, body);
            assertThat(ack.path("type").asString()).as(ack.toString()).isEqualTo("ack");
            assertThat(boSocket.await("message").at("/message/body").asString()).isEqualTo(body);
        }
    }

    @Test
    void aNonMemberCanNeitherReadNorSend() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser eve = signUp("Eve");
        String chat = directChat(ana, bo);
        sendRest(ana, chat, "private");
        String[] group = createGroup(ana, "Private group", "approval");

        for (String conversation : new String[] {chat, group[0]}) {
            assertThat(api.get("/api/conversations/" + conversation + "/messages", eve.accessToken()).problem())
                    .isEqualTo("conversation-not-found");
            assertThat(api.get("/api/conversations/" + conversation, eve.accessToken()).status()).isEqualTo(404);
            assertThat(sendRest(eve, conversation, "let me in").problem()).isEqualTo("conversation-not-found");
            assertThat(api.post("/api/conversations/" + conversation + "/read", eve.accessToken(), Api.map("messageId", "1"))
                    .status()).isEqualTo(404);
            assertThat(api.get("/api/conversations/" + conversation + "/read-cursors", eve.accessToken()).status()).isEqualTo(404);
        }
        try (WsClient eveSocket = connect(eve); WsClient anaSocket = connect(ana)) {
            String id = eveSocket.nextId();
            eveSocket.send(Api.map("type", "send", "id", id, "conversationId", chat, "clientMessageId", "eve-1", "body", "hi"));
            assertThat(eveSocket.awaitReply(id).path("code").asString()).isEqualTo("conversation-not-found");
            eveSocket.send(Api.map("type", "typing", "conversationId", chat));
            assertThat(eveSocket.await("error", f -> true).path("code").asString()).isEqualTo("conversation-not-found");
            // Nor does she hear anything of it.
            anaSocket.sendMessage(chat, "secret");
            assertThat(eveSocket.receivesWithin(Duration.ofMillis(400), f -> "message".equals(f.path("type").asString())))
                    .isFalse();
        }
        assertThat(api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).json().get("messages").size())
                .isEqualTo(2);
    }

    @Test
    void badOrExpiredTokensAreRefusedAtConnect() {
        TestUser ana = signUp("Ana");
        assertThat(WsClient.refusal(port, "not-a-token")).isEqualTo(401);
        assertThat(WsClient.refusal(port, "")).isEqualTo(401);
        clock.advance(Duration.ofMinutes(16));
        assertThat(WsClient.refusal(port, ana.accessToken())).isEqualTo(401);
        clock.reset();
        assertThat(WsClient.refusal(port, ana.accessToken())).isEqualTo(101);
    }

    @Test
    void browsersPassTheTokenAsASubprotocol() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (WsClient browser = WsClient.connectAsBrowser(port, ana.accessToken())) {
            assertThat(browser.subprotocol()).isEqualTo("parley.v1");
            assertThat(browser.sendMessage(chat, "from a browser").path("type").asString()).isEqualTo("ack");
        }
        assertThatThrownBy(() -> WsClient.connectAsBrowser(port, "forged"))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    }

    @Test
    void aSocketKeepsNothingOfTheTokenItWasOpenedWith() {
        TestUser ana = signUp("Ana");
        TestUser laptop = newDevice(ana, "Laptop");
        TestUser tablet = newDevice(ana, "Tablet");
        try (WsClient byQuery = connect(ana); WsClient byProtocol = WsClient.connectAsBrowser(port, laptop.accessToken());
                WsClient byHeader = WsClient.connectWithHeader(port, tablet.accessToken())) {
            List<Connection> sockets = hub.all().stream().flatMap(List::stream).filter(c -> c.userId == ana.id()).toList();
            assertThat(sockets).hasSize(3);
            for (Connection socket : sockets) {
                var session = socket.session();
                assertThat(session.getPrincipal()).isNull();
                assertThat(session.getHandshakeHeaders().toSingleValueMap().toString())
                        .doesNotContain(ana.accessToken(), laptop.accessToken(), tablet.accessToken());
                var tomcat = (jakarta.websocket.Session) ((org.springframework.web.socket.adapter.NativeWebSocketSession) session)
                        .getNativeSession();
                assertThat(tomcat.getQueryString()).isNull();
                assertThat(tomcat.getRequestParameterMap()).isEmpty();
                assertThat(tomcat.getUserPrincipal()).isNull();
                assertThat(String.valueOf(tomcat.getRequestURI())).doesNotContain("access_token");
            }
            assertThat(byProtocol.subprotocol()).isEqualTo("parley.v1");
            assertThat(byHeader.sendMessage(directChat(ana, signUp("Bo")), "hello").path("type").asString()).isEqualTo("ack");
        }
    }

    @Test
    void aSilentSocketIsClosedAndAPingingOneKept() {
        TestUser ana = signUp("Ana");
        TestUser laptop = newDevice(ana, "Laptop");
        try (WsClient silent = connect(ana); WsClient alive = connect(laptop)) {
            // 80 seconds pass (the idle timeout is 75 s); only one of the two sockets says anything.
            clock.advance(Duration.ofSeconds(80));
            String ping = alive.nextId();
            alive.send(Api.map("type", "ping", "id", ping));
            alive.awaitReply(ping);
            assertThat(silent.closeCode(Duration.ofSeconds(10))).isEqualTo(4002);
            assertThat(alive.isOpen()).isTrue();
        }
    }

    @Test
    void signingOutClosesTheDevicesSocket() {
        TestUser ana = signUp("Ana");
        TestUser laptop = newDevice(ana, "Laptop");
        try (WsClient phoneSocket = connect(ana); WsClient laptopSocket = connect(laptop)) {
            api.post("/api/auth/sign-out", ana.accessToken(), null);
            assertThat(phoneSocket.closeCode(Duration.ofSeconds(5))).isEqualTo(4001);
            assertThat(laptopSocket.isOpen()).isTrue();
        }
    }

    @Test
    void aFreshTokenKeepsTheSocketAndAForeignOneEndsIt() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        try (WsClient socket = connect(ana)) {
            String id = socket.nextId();
            socket.send(Api.map("type", "auth", "id", id, "token", refreshed(ana).accessToken()));
            assertThat(socket.awaitReply(id).path("type").asString()).isEqualTo("ok");
            String foreign = socket.nextId();
            socket.send(Api.map("type", "auth", "id", foreign, "token", bo.accessToken()));
            assertThat(socket.awaitReply(foreign).path("code").asString()).isEqualTo("unauthenticated");
            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(4001);
        }
    }

    @Test
    void typingIsRelayedToTheOthersOnly() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (WsClient anaSocket = connect(ana); WsClient boSocket = connect(bo)) {
            anaSocket.send(Api.map("type", "typing", "conversationId", chat));
            JsonNode typing = boSocket.await("typing");
            assertThat(typing.path("userId").asString()).isEqualTo(ana.idString());
            assertThat(typing.path("conversationId").asString()).isEqualTo(chat);
            assertThat(anaSocket.receivesWithin(Duration.ofMillis(300), f -> "typing".equals(f.path("type").asString())))
                    .isFalse();
        }
    }

    @Test
    void aClientThatCannotKeepUpIsCutOffWithoutSlowingOthers() throws Exception {
        TestUser ana = signUp("Ana");
        TestUser slow = signUp("Slow");
        TestUser fast = signUp("Fast");
        String[] group = createGroup(ana, "Firehose", "open");
        join(slow, group[1]);
        join(fast, group[1]);
        String body = "x".repeat(10_000);
        double cutOffBefore = meters.counter("parley.gateway.slow.consumers").count();
        try (java.net.Socket stalled = WsClient.connectStalled(port, slow.accessToken()); WsClient fastSocket = connect(fast);
                WsClient sender = connect(ana)) {
            // About 8 MB towards a reader that reads nothing: more than socket buffers and its queue (2 MB) hold.
            // The sender keeps the healthy reader within 50 messages (0.5 MB) of it, as a real chat would.
            for (int i = 0; i < 800; i++) {
                sender.send(Api.map("type", "send", "id", "f" + i, "conversationId", group[0],
                        "clientMessageId", "fire-" + i + "-" + unique(), "body", body));
                if (i % 50 == 49) {
                    assertThat(sender.awaitReply("f" + i).path("type").asString()).isEqualTo("ack");
                    String last = "fire-" + i + "-";
                    fastSocket.await("message", f -> f.at("/message/clientMessageId").asString().startsWith(last));
                }
            }
            for (int i = 0; i < 800; i++) {
                assertThat(sender.awaitReply("f" + i).path("type").asString()).isEqualTo("ack");
            }
            // The server has let go of it (and writes it nothing more)...
            boolean released = Eventually.holds(() -> !hub.isConnectedHere(slow.id()), Duration.ofSeconds(20));
            assertThat(released).as(() -> hub.all().stream().flatMap(java.util.List::stream)
                    .filter(c -> c.userId == slow.id()).map(c -> "queued=" + c.queuedFrames() + " closed=" + c.isClosed())
                    .toList().toString()).isTrue();
            // ...as one too slow (an operator sees it in parley_gateway_slow_consumers_total)...
            assertThat(meters.counter("parley.gateway.slow.consumers").count()).isEqualTo(cutOffBefore + 1);
            // ...and the client, reading again, finds the connection ended: it reconnects and syncs.
            stalled.setSoTimeout(15_000);
            byte[] rest = stalled.getInputStream().readAllBytes();
            assertThat(rest.length).isLessThan(10_000 * 800);
            // The reader who keeps up got all of it.
            fastSocket.await("message", f -> f.at("/message/clientMessageId").asString().startsWith("fire-799-"));
            assertThat(fastSocket.all("message").stream()
                    .filter(f -> f.at("/message/clientMessageId").asString().startsWith("fire-")).count()).isEqualTo(800);
        }
    }
}
