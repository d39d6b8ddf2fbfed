package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Live messages reach every device in commit order, per conversation: ids only ever go up. Many
 * senders pipeline sends into the same conversations at once, and the server runs several writer
 * threads, so batches commit back to back on different threads.
 */
class LiveOrderIT extends IntegrationTest {
    private static final int SENDERS = 6;
    private static final int ROUNDS = 3;
    private static final int PER_ROUND = 40;

    @DynamicPropertySource
    static void severalWriters(DynamicPropertyRegistry registry) {
        registry.add("parley.message.writers", () -> "3");
    }

    @Test
    void everyReceiverSeesEachConversationsMessagesInIdOrder() throws Exception {
        TestUser owner = signUp("Owner");
        String[] first = createGroup(owner, "Busy one", "open");
        String[] second = createGroup(owner, "Busy two", "open");
        List<String> conversations = List.of(first[0], second[0]);
        List<TestUser> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            TestUser sender = signUp("Sender " + i);
            join(sender, first[1]);
            join(sender, second[1]);
            senders.add(sender);
        }
        TestUser reader = signUp("Reader");
        join(reader, first[1]);
        join(reader, second[1]);

        List<WsClient> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            WsClient readerSocket = connect(reader);
            WsClient ownerSocket = connect(owner);
            sockets.add(readerSocket);
            sockets.add(ownerSocket);
            for (TestUser sender : senders) {
                sockets.add(connect(sender));
            }
            int expected = 0;
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> sending = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    WsClient socket = sockets.get(2 + s);
                    int r = round;
                    sending.add(pool.submit(() -> {
                        start.await();
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < PER_ROUND; i++) {
                            String id = socket.nextId();
                            ids.add(id);
                            socket.send(Api.map("type", "send", "id", id, "conversationId", conversations.get(i % 2),
                                    "clientMessageId", UUID.randomUUID().toString(), "body", "round " + r + " #" + i));
                        }
                        for (String id : ids) {
                            JsonNode reply = socket.awaitReply(id);
                            assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ack");
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : sending) {
                    f.get();
                }
                expected += SENDERS * PER_ROUND;
                int total = expected;
                // The reader and the owner receive every message; wait for the last to arrive.
                for (WsClient receiver : List.of(readerSocket, ownerSocket)) {
                    assertThat(eventually(() -> sent(receiver).size(), n -> n >= total)).isEqualTo(total);
                }
            }
            for (WsClient receiver : sockets) {
                assertIncreasingPerConversation(receiver.all("message"));
            }
            assertThat(sent(readerSocket)).hasSize(expected);
        } finally {
            sockets.forEach(WsClient::close);
            pool.shutdownNow();
        }
    }

    /**
     * The senders' messages, without the system messages of the set-up: a join's "member-joined"
     * can still be on its way to a socket that opened just after it.
     */
    private static List<JsonNode> sent(WsClient receiver) {
        return receiver.all("message").stream().filter(f -> "text".equals(f.at("/message/kind").asString())).toList();
    }

    private static void assertIncreasingPerConversation(List<JsonNode> frames) {
        Map<String, Long> last = new HashMap<>();
        for (JsonNode frame : frames) {
            String conversation = frame.at("/message/conversationId").asString();
            long id = Long.parseLong(frame.at("/message/id").asString());
            Long previous = last.put(conversation, id);
            assertThat(previous == null || id > previous)
                    .as("message %d after %d in conversation %s", id, previous, conversation).isTrue();
        }
    }
}
