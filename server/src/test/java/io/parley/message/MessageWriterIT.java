package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.web.ProblemException;
import io.parley.support.IntegrationTest;
import io.parley.support.TestPostgres;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The group-commit writer, fed directly (past the edge's text rule): a message the database
 * refuses fails alone, with a code that says not to retry; everyone else's messages in its batch
 * are stored, acknowledged and delivered.
 */
class MessageWriterIT extends IntegrationTest {
    private static final int BATCH = 40;
    private static final int POISON = 20;

    @Autowired
    MessageWriter writer;

    @Autowired
    EventBus bus;

    private static Message draft(long conversationId, TestUser sender, String body) {
        return new Message(0, conversationId, sender.id(), UUID.randomUUID().toString(), Message.Kind.TEXT, body, null,
                null, Instant.now(), null);
    }

    @Test
    void anUnstorableMessageFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        long chat = Long.parseLong(directChat(ana, bo));
        List<CompletableFuture<MessageStore.Appended>> sends = new ArrayList<>();
        try (WsClient boSocket = connect(bo);
                Connection blocker = DriverManager.getConnection(TestPostgres.url("parley_it"), "postgres", "")) {
            // Hold the writer on its first insert, so that every send after it queues into one batch.
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table messages in share mode");
            }
            sends.add(writer.submit(draft(chat, ana, "first"), 0));
            assertThat(eventually(writer::queued, n -> n == 0)).isZero();
            for (int i = 0; i < BATCH; i++) {
                sends.add(writer.submit(draft(chat, i % 2 == 0 ? ana : bo, i == POISON ? "nul \u0000 inside" : "m" + i), 0));
            }
            blocker.commit();

            Throwable refused = null;
            List<Long> storedIds = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                try {
                    MessageStore.Appended appended = sends.get(i).get(10, TimeUnit.SECONDS);
                    assertThat(appended.duplicate()).isFalse();
                    storedIds.add(appended.message().id());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(i).as("only the poisoned message fails").isEqualTo(POISON + 1);
                    refused = e.getCause();
                }
            }
            assertThat(refused).isInstanceOf(ProblemException.class);
            assertThat(((ProblemException) refused).code()).isEqualTo("message-rejected");
            assertThat(((ProblemException) refused).status().value()).isEqualTo(422);
            assertThat(storedIds).hasSize(BATCH).isSorted().doesNotHaveDuplicates();

            // Delivered live, in order (origin device 0: every device gets every message).
            List<Long> live = new ArrayList<>();
            eventually(() -> boSocket.all("message").size(), n -> n >= BATCH);
            for (JsonNode frame : boSocket.all("message")) {
                live.add(Long.parseLong(frame.at("/message/id").asString()));
            }
            assertThat(live).isEqualTo(storedIds);
        }
        List<String> history = api.get("/api/conversations/" + chat + "/messages?limit=100", bo.accessToken())
                .json().get("messages").valueStream().map(m -> m.get("body").asString()).toList();
        assertThat(history).hasSize(BATCH).contains("first", "m0", "m19", "m21", "m39").doesNotContain("nul \u0000 inside");
    }

    @Test
    void batchesAreAcknowledgedAndPublishedInCommitOrder() throws Exception {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        long chat = Long.parseLong(directChat(ana, bo));
        List<Long> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe(MessageEvent.Sent.class, sent -> {
            if (sent.conversationId() == chat) {
                published.add(sent.message().id());
            }
        });
        CountDownLatch firstAcked = new CountDownLatch(1);
        CompletableFuture<Void> secondAcked = new CompletableFuture<>();
        // The first batch's ack is slow (its sender's socket stalls, say) ...
        CompletableFuture<MessageStore.Appended> first = writer.submit(draft(chat, ana, "first"), 0);
        CompletableFuture<Void> firstDone = first.thenRun(() -> {
            firstAcked.countDown();
            try {
                secondAcked.get(500, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Expected: the second cannot be acknowledged before the first is through.
            }
        });
        assertThat(firstAcked.await(10, TimeUnit.SECONDS)).isTrue();
        // ... and the next batch commits meanwhile: it waits for the first to be acked and published.
        CompletableFuture<MessageStore.Appended> second = writer.submit(draft(chat, bo, "second"), 0);
        second.whenComplete((appended, failure) -> secondAcked.complete(null));
        firstDone.get(10, TimeUnit.SECONDS);
        long firstId = first.get().message().id();
        long secondId = second.get(10, TimeUnit.SECONDS).message().id();
        assertThat(secondId).isGreaterThan(firstId);
        assertThat(eventually(() -> List.copyOf(published), ids -> ids.size() == 2)).containsExactly(firstId, secondId);
    }

    @Test
    void aRetriedSendIsAnsweredWithTheStoredMessage() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        long chat = Long.parseLong(directChat(ana, bo));
        Message message = draft(chat, ana, "once");
        MessageStore.Appended first = writer.submit(message, 0).join();
        MessageStore.Appended again = writer.submit(message, 0).join();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().id()).isEqualTo(first.message().id());
        assertThat(first.message().id()).isPositive();
    }
}
