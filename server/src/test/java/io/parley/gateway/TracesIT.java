package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.bus.EventBus;
import io.parley.platform.bus.TestBuses;
import io.parley.platform.bus.TestKafka;
import io.parley.platform.cluster.ConfiguredNodeIdentity;
import io.parley.platform.redis.Redis;
import io.parley.platform.tracing.Traces;
import io.parley.presence.PresenceRegistries;
import io.parley.presence.PresenceRegistry;
import io.parley.support.Eventually;
import io.parley.support.IntegrationTest;
import io.parley.support.OtlpReceiver;
import io.parley.support.OtlpReceiver.ReceivedSpan;
import io.parley.support.TestRedis;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One message is one trace, exported over OTLP/HTTP to a local receiver (as to Jaeger) and read back
 * with the OTLP protocol's classes: the socket frame that sent it, the writer's commit, the hop
 * through a real Kafka broker, the fan-out, and the write to the sockets of another node, which the
 * frame reached over a real Redis (a second node in this JVM, wired as RedisDeliveryRouterIT wires
 * them, listening on its own channel). Each span is the child of the one before: the trace context
 * went through the Kafka record's header and the routed frame's bytes, no other way.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TracesIT extends IntegrationTest {
    private static final String PREFIX = TestRedis.uniquePrefix();
    private static final int OTHER_NODE = 900;
    private static final OtlpReceiver receiver = OtlpReceiver.start();

    @Autowired
    Traces traces;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
        registry.add("management.tracing.sampling.probability", () -> "1.0");
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
        registry.add("parley.bus", () -> "kafka");
        registry.add("parley.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("parley.kafka.topic-prefix", TestKafka::uniquePrefix);
        registry.add("parley.kafka.partitions", () -> "2");
        registry.add("parley.redis.url", TestRedis::url);
        registry.add("parley.redis.prefix", () -> PREFIX);
        registry.add("parley.presence.registry", () -> "redis");
        registry.add("parley.node-ids", () -> "redis");
        registry.add("parley.routing", () -> "redis");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void aMessageIsOneTraceFromTheFrameThatSentItToTheSocketWriteOnAnotherNode() throws InterruptedException {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (Redis redis = TestRedis.newClient(PREFIX); WsClient anaSocket = connect(ana)) {
            EventBus otherBus = TestBuses.inProcess();
            PresenceRegistry registry = PresenceRegistries.redis(redis, OTHER_NODE);
            // The other node, with the server's own tracer: its spans reach the same receiver.
            TestNode other = new TestNode(registry, (hub, local) -> new RedisDeliveryRouter(redis,
                    new ConfiguredNodeIdentity(OTHER_NODE), registry, hub, local, otherBus, traces));
            RedisDeliveryRouter otherRouter = (RedisDeliveryRouter) other.router;
            otherRouter.start();
            try {
                RecordingSession boPhone = other.connect(bo.id(), bo.sessionId());
                String id = anaSocket.sendMessage(chat, "traced across nodes").at("/message/id").asString();
                Eventually.until(boPhone::sent, frames -> frames.stream().anyMatch(f -> f.contains(id)), Duration.ofSeconds(10));

                ReceivedSpan sent = Eventually.until(() -> receiver.spans(s -> s.name().equals("ws receive send")),
                        spans -> !spans.isEmpty(), Duration.ofSeconds(10)).getFirst();
                List<ReceivedSpan> trace = Eventually.until(() -> receiver.spans(s -> s.traceId().equals(sent.traceId())),
                        spans -> spans.stream().anyMatch(s -> s.name().equals("ws write")), Duration.ofSeconds(10));

                ReceivedSpan frame = only(trace, "ws receive send");
                assertThat(frame.isRoot()).as("the frame starts the trace").isTrue();
                assertThat(frame.kind()).isEqualTo("SPAN_KIND_SERVER");
                ReceivedSpan commit = childOf(trace, frame, "message write");
                assertThat(commit.attributes()).containsEntry("parley.batch.size", "1");
                ReceivedSpan publish = childOf(trace, commit, "kafka publish MessageEvent.Sent");
                assertThat(publish.kind()).isEqualTo("SPAN_KIND_PRODUCER");
                assertThat(publish.attributes()).containsEntry("messaging.system", "kafka");
                // Read back from the broker: its place in the topic is the listeners' origin.
                ReceivedSpan consumed = childOf(trace, publish, "bus MessageEvent.Sent");
                assertThat(consumed.kind()).isEqualTo("SPAN_KIND_CONSUMER");
                assertThat(consumed.attributes().get("parley.bus.origin")).matches("\\d+:\\d+");
                ReceivedSpan delivery = childOf(trace, consumed, "bus Delivery");
                ReceivedSpan fanout = childOf(trace, delivery, "fanout message");
                assertThat(fanout.attributes()).containsEntry("parley.recipients", "2");
                ReceivedSpan written = childOf(trace, fanout, "ws write");
                assertThat(written.kind()).isEqualTo("SPAN_KIND_CONSUMER");
                assertThat(written.attributes()).containsEntry("parley.recipients", "1");
                assertThat(receiver.contentTypes()).allMatch(type -> type.startsWith("application/x-protobuf"));
            } finally {
                otherRouter.stop();
                otherRouter.destroy();
                TestBuses.stop(otherBus);
            }
        }
    }

    @Test
    void restRequestsAreTracedAndTheirSendsToo() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String id = sendRest(ana, chat, "sent over REST").at("/id");
        assertThat(id).isNotEmpty();
        ReceivedSpan request = Eventually.until(() -> receiver.spans(s -> s.name().startsWith("http post")
                && "/api/conversations/{conversationId}/messages".equals(s.attributes().get("uri"))),
                spans -> !spans.isEmpty(), Duration.ofSeconds(10)).getFirst();
        assertThat(request.isRoot()).isTrue();
        List<ReceivedSpan> commits = Eventually.until(() -> receiver.spans(s -> s.name().equals("message write")
                && s.parentSpanId().equals(request.spanId())), spans -> !spans.isEmpty(), Duration.ofSeconds(10));
        assertThat(commits).hasSize(1);
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String name) {
        List<ReceivedSpan> named = trace.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("%s in %s", name, trace).hasSize(1);
        return named.getFirst();
    }

    private static ReceivedSpan childOf(List<ReceivedSpan> trace, ReceivedSpan parent, String name) {
        List<ReceivedSpan> children = trace.stream()
                .filter(s -> s.name().equals(name) && s.parentSpanId().equals(parent.spanId())).toList();
        assertThat(children).as("%s under %s in %s", name, parent, trace).hasSize(1);
        return children.getFirst();
    }
}
