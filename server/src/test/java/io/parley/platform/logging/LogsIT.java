package io.parley.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.Pictures;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole chat with Parley's own logging at DEBUG: sign-up, sign-in on a second device, a token
 * refresh, a wrong password, a malformed request with a password in it, a picture upload, messages
 * over two sockets (one authenticated as a browser does, by subprotocol) and over REST, a malformed
 * frame with a body in it, a refresh token used twice. Every event logged meanwhile is written as
 * the prod profile writes it (Spring Boot's ECS encoder) and everything printed is captured:
 * no password, access token, refresh token or message body is in any of it; every line is one JSON
 * object; and the lines of requests (Spring's DispatcherServlet at DEBUG), of frames and of bus
 * listeners carry a trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
    "logging.level.io.parley=debug",
    "logging.level.org.springframework.web.servlet.DispatcherServlet=debug",
})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LogsIT extends IntegrationTest {
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    private final EcsCapture capture = new EcsCapture();

    @BeforeEach
    void capture() {
        capture.start();
    }

    @AfterEach
    void release() {
        capture.stop();
    }

    /** The levels are the JVM's, not this context's: later tests get the usual ones back. */
    @AfterAll
    static void usualLevels() {
        for (String name : new String[] {"io.parley", "org.springframework.web.servlet.DispatcherServlet"}) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
        }
    }

    @Test
    void aWholeChatLeavesNoSecretInTheLogsAndItsLinesAreJsonWithTheirTraceIds(CapturedOutput output) {
        String suffix = unique();
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser anaLaptop = newDevice(ana, "Laptop");
        TestUser refreshed = refreshed(anaLaptop);
        String wrongPassword = "wrong-password-" + suffix;
        assertThat(api.post("/api/auth/local/sign-in", null,
                Api.map("email", ana.email(), "password", wrongPassword, "deviceName", "Tablet")).status()).isEqualTo(401);
        // Not JSON: what the parser says about it quotes the token it stumbled on.
        String barePassword = "barePassword" + suffix.replace("_", "");
        Api.Response malformed = api.send("POST", "/api/auth/local/sign-in", null, "application/json",
                ("{\"email\": \"" + ana.email() + "\", \"password\": " + barePassword + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        Api.Response upload = api.upload("PUT", "/api/me/avatar", refreshed.accessToken(), "file", "me.png", "image/png",
                Pictures.picture("png", 64, 64));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(200);

        String chat = directChat(ana, bo);
        String first = "first words only ana and bo may read " + suffix;
        String second = "second words only they may read " + suffix;
        String third = "third words sent over rest " + suffix;
        String fourth = "fourth words in a broken frame " + suffix;
        try (WsClient anaSocket = connect(ana); WsClient boSocket = WsClient.connectAsBrowser(port, bo.accessToken())) {
            String firstId = anaSocket.sendMessage(chat, first).at("/message/id").asString();
            boSocket.await("message", frame -> frame.at("/message/id").asString().equals(firstId));
            String secondId = boSocket.sendMessage(chat, second).at("/message/id").asString();
            anaSocket.await("message", frame -> frame.at("/message/id").asString().equals(secondId));
            Api.Response sent = sendRest(refreshed, chat, third);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            boSocket.await("message", frame -> frame.at("/message/id").asString().equals(sent.at("/id")));
            anaSocket.sendText("{\"type\": \"send\", \"id\": \"x1\", \"body\": \"" + fourth + "\"");
            anaSocket.await("error");
        }
        // A rotated refresh token used again: refused, and the session is revoked (and that is logged).
        assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", anaLaptop.refreshToken())).status())
                .isEqualTo(401);

        List<String> secrets = new ArrayList<>(List.of(ana.password(), bo.password(), wrongPassword, barePassword,
                first, second, third, fourth));
        for (TestUser user : List.of(ana, bo, anaLaptop, refreshed)) {
            secrets.add(user.accessToken());
            // A token cut short or split is still one: its signature alone would be a leak.
            secrets.add(user.accessToken().substring(user.accessToken().lastIndexOf('.') + 1));
            secrets.add(user.refreshToken());
        }
        List<String> lines = capture.lines();
        String everything = String.join("\n", lines) + "\n" + output.getAll();
        for (String secret : secrets) {
            assertThat(everything.contains(secret)).as("the logs hold a secret (%s...)", secret.substring(0, 4)).isFalse();
        }

        List<JsonNode> events = lines.stream().map(line -> {
            JsonNode event = json.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("@timestamp").isString()).as(line).isTrue();
            assertThat(event.at("/log/level").isString()).as(line).isTrue();
            assertThat(event.at("/ecs/version").isString()).as(line).isTrue();
            return event;
        }).toList();

        List<JsonNode> requests = events.stream()
                .filter(e -> e.at("/log/logger").asString().equals("org.springframework.web.servlet.DispatcherServlet"))
                .toList();
        assertThat(requests).hasSizeGreaterThan(20).allSatisfy(LogsIT::hasTrace);
        Set<String> requestTraces = requests.stream().map(e -> e.path("traceId").asString()).collect(Collectors.toSet());
        assertThat(requestTraces).as("a trace per request").hasSizeGreaterThan(10);
        assertThat(withMessage(events, "ws receive send from connection ")).hasSize(2).allSatisfy(LogsIT::hasTrace);
        assertThat(withMessage(events, "Unreadable frame from connection ")).hasSize(1).allSatisfy(LogsIT::hasTrace);
        List<JsonNode> sent = withMessage(events, "bus MessageEvent.Sent to ");
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3).allSatisfy(LogsIT::hasTrace);
        // The work a frame causes on its node keeps its trace id, exported or not (nothing is, here).
        Set<String> sentTraces = sent.stream().map(e -> e.path("traceId").asString()).collect(Collectors.toSet());
        assertThat(withMessage(events, "ws receive send from connection "))
                .allSatisfy(frame -> assertThat(sentTraces).contains(frame.path("traceId").asString()));
        assertThat(withMessage(events, "A rotated refresh token of session ")).hasSize(1).allSatisfy(LogsIT::hasTrace);
    }

    private static List<JsonNode> withMessage(List<JsonNode> events, String start) {
        return events.stream().filter(e -> e.path("message").asString().startsWith(start)).toList();
    }

    private static void hasTrace(JsonNode event) {
        assertThat(event.path("traceId").asString()).as(event.toString()).matches(TRACE_ID);
        assertThat(event.path("spanId").asString()).as(event.toString()).matches(SPAN_ID);
    }

    /**
     * Every event logged anywhere in the JVM while it runs, encoded as the prod profile's console
     * does ({@code logging.structured.format.console: ecs}), one line each. (The console's own
     * format is this JVM's first context's: logging is set up once per JVM.)
     */
    private static final class EcsCapture extends AppenderBase<ILoggingEvent> {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private StructuredLogEncoder encoder;

        @Override
        public void start() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(context);
            encoder = new StructuredLogEncoder();
            encoder.setContext(context);
            encoder.setFormat("ecs");
            encoder.start();
            super.start();
            root().addAppender(this);
        }

        @Override
        public void stop() {
            root().detachAppender(this);
            super.stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }

        /** Each event as written, without its line break; one event is one line (a break inside would make two). */
        List<String> lines() {
            return lines.stream().map(line -> {
                assertThat(line).endsWith("\n");
                assertThat(line.strip()).as(line).doesNotContain("\n");
                return line.strip();
            }).toList();
        }

        private static Logger root() {
            return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        }
    }
}
