package io.parley.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.message.Message;
import io.parley.message.MessageReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageStore} must do, whatever the engine (PostgreSQL, a wide-column store
 * for very large histories): idempotent batch appends, history pages, visibility, unsend,
 * peeks. Not the sync cursor ({@link MessageStore#changes}, {@link MessageStore#snapshotFloor}):
 * that is PostgreSQL's xid8 snapshot and is tested with the PostgreSQL store only. Conversations,
 * senders and client message ids are unique per test, so a shared database may keep its rows.
 */
abstract class MessageStoreContract {
    private static final AtomicLong sequence = new AtomicLong(System.nanoTime() & 0xffff_ffffL);
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    protected MessageStore store;
    /** A conversation and three people of this test. */
    protected long chat;
    protected long ana;
    protected long ben;
    protected long cy;

    /** The store on its real engine, its schema in place. */
    protected abstract MessageStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
        chat = next();
        ana = next();
        ben = next();
        cy = next();
    }

    protected static long next() {
        return sequence.incrementAndGet();
    }

    protected Message text(long id, long sender, String body) {
        return text(chat, id, sender, body);
    }

    protected static Message text(long conversation, long id, long sender, String body) {
        return new Message(id, conversation, sender, UUID.randomUUID().toString(), Message.Kind.TEXT, body, null, null,
                T0.plusSeconds(id % 100_000), null);
    }

    protected static Message hiddenFrom(Message m, long reader) {
        return new Message(m.id(), m.conversationId(), m.senderId(), m.clientMessageId(), m.kind(), m.body(), m.system(),
                reader, m.createdAt(), m.unsentAt());
    }

    protected static Message sameSend(Message original, long newId, String body) {
        return new Message(newId, original.conversationId(), original.senderId(), original.clientMessageId(),
                original.kind(), body, null, null, original.createdAt().plusSeconds(1), null);
    }

    /** Ten messages 10..19 in {@link #chat}, alternately from ana and ben. */
    protected List<Message> tenMessages() {
        List<Message> messages = new ArrayList<>();
        for (long id = 10; id < 20; id++) {
            messages.add(text(id, id % 2 == 0 ? ana : ben, "m" + id));
        }
        store.append(messages);
        return messages;
    }

    private static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    @Test
    void appendStoresABatchAndAnswersEachMessageAsNew() {
        List<Message> batch = List.of(text(1, ana, "hello"), text(2, ben, "hi"), text(3, ana, "how are you?"));
        List<MessageStore.Appended> appended = store.append(batch);
        assertThat(appended).extracting(MessageStore.Appended::message).containsExactlyElementsOf(batch);
        assertThat(appended).noneMatch(MessageStore.Appended::duplicate);
        for (Message m : batch) {
            assertThat(store.find(chat, m.id())).contains(m);
        }
    }

    @Test
    void aSystemMessageKeepsItsDetails() {
        Message joined = new Message(1, chat, ana, UUID.randomUUID().toString(), Message.Kind.SYSTEM, null,
                Map.of("type", "joined", "name", "Ana"), null, T0, null);
        store.append(List.of(joined));
        assertThat(store.find(chat, 1)).contains(joined);
    }

    @Test
    void aResentMessageAnswersTheStoredOriginalAsADuplicate() {
        Message original = text(1, ana, "hello");
        store.append(List.of(original));
        Message retry = sameSend(original, 5, "hello (retried)");
        Message fresh = text(6, ben, "new");
        List<MessageStore.Appended> appended = store.append(List.of(retry, fresh));
        assertThat(appended).containsExactly(new MessageStore.Appended(original, true),
                new MessageStore.Appended(fresh, false));
        assertThat(store.find(chat, 5)).isEmpty();
    }

    @Test
    void theSameSendTwiceInOneBatchIsStoredOnce() {
        Message first = text(1, ana, "hello");
        Message again = sameSend(first, 2, "hello");
        List<MessageStore.Appended> appended = store.append(List.of(first, again));
        assertThat(appended).containsExactly(new MessageStore.Appended(first, false),
                new MessageStore.Appended(first, true));
        assertThat(store.find(chat, 2)).isEmpty();
    }

    @Test
    void theSameClientIdFromAnotherSenderIsAnotherMessage() {
        Message mine = text(1, ana, "hello");
        Message theirs = new Message(2, chat, ben, mine.clientMessageId(), Message.Kind.TEXT, "hello", null, null, T0,
                null);
        assertThat(store.append(List.of(mine, theirs))).noneMatch(MessageStore.Appended::duplicate);
        assertThat(store.find(chat, 2)).contains(theirs);
    }

    @Test
    void findAnswersNothingForAnUnknownIdOrAnotherConversation() {
        store.append(List.of(text(1, ana, "hello")));
        assertThat(store.find(chat, 2)).isEmpty();
        assertThat(store.find(next(), 1)).isEmpty();
    }

    @Test
    void aPageIsTheNewestMessagesBeforeAnIdOldestFirst() {
        tenMessages();
        assertThat(ids(store.page(chat, 0, cy, null, null, 3))).isEqualTo(range(17, 19));
        assertThat(ids(store.page(chat, 0, cy, 17L, null, 3))).isEqualTo(range(14, 16));
        assertThat(ids(store.page(chat, 0, cy, 12L, null, 5))).isEqualTo(range(10, 11));
        assertThat(store.page(chat, 0, cy, 10L, null, 5)).isEmpty();
    }

    @Test
    void aPageAfterAnIdIsTheOldestMessagesAfterIt() {
        tenMessages();
        assertThat(ids(store.page(chat, 0, cy, null, 12L, 3))).isEqualTo(range(13, 15));
        assertThat(ids(store.page(chat, 0, cy, null, 18L, 5))).isEqualTo(List.of(19L));
        assertThat(store.page(chat, 0, cy, null, 19L, 5)).isEmpty();
    }

    @Test
    void aPageHoldsTheMessagesAsStored() {
        List<Message> messages = tenMessages();
        assertThat(store.page(chat, 0, cy, null, null, 10)).isEqualTo(messages);
    }

    @Test
    void aPageStartsNoEarlierThanWhatTheReaderMaySee() {
        tenMessages();
        assertThat(ids(store.page(chat, 15, cy, null, null, 100))).isEqualTo(range(15, 19));
        assertThat(ids(store.page(chat, 15, cy, 16L, null, 100))).isEqualTo(List.of(15L));
        assertThat(ids(store.page(chat, 15, cy, null, 2L, 2))).isEqualTo(range(15, 16));
    }

    @Test
    void aPageLeavesOutWhatIsHiddenFromTheReaderOnly() {
        store.append(List.of(text(1, ana, "one"), hiddenFrom(text(2, ana, "two"), ben), text(3, ana, "three")));
        assertThat(ids(store.page(chat, 0, ben, null, null, 10))).containsExactly(1L, 3L);
        assertThat(ids(store.page(chat, 0, ana, null, null, 10))).containsExactly(1L, 2L, 3L);
        assertThat(ids(store.page(chat, 0, ben, null, 1L, 1))).containsExactly(3L);
        assertThat(store.find(chat, 2)).hasValueSatisfying(m -> assertThat(m.hiddenFrom()).isEqualTo(ben));
    }

    @Test
    void aPageHoldsOnlyItsConversation() {
        long other = next();
        store.append(List.of(text(1, ana, "here"), text(other, 2, ana, "there")));
        assertThat(ids(store.page(chat, 0, ana, null, null, 10))).containsExactly(1L);
        assertThat(ids(store.page(other, 0, ana, null, null, 10))).containsExactly(2L);
    }

    @Test
    void unsendRemovesTheBodyAndKeepsThePlace() {
        tenMessages();
        Instant at = T0.plusSeconds(600);
        Message unsent = store.unsend(chat, 12, at).orElseThrow();
        assertThat(unsent.body()).isNull();
        assertThat(unsent.unsentAt()).isEqualTo(at);
        assertThat(unsent.unsent()).isTrue();
        assertThat(store.find(chat, 12)).contains(unsent);
        assertThat(store.page(chat, 0, cy, null, null, 10)).contains(unsent);
    }

    @Test
    void unsendingTwiceChangesNothingTheSecondTime() {
        tenMessages();
        Message first = store.unsend(chat, 12, T0.plusSeconds(600)).orElseThrow();
        assertThat(store.unsend(chat, 12, T0.plusSeconds(700))).isEmpty();
        assertThat(store.find(chat, 12)).contains(first);
    }

    @Test
    void unsendingAnUnknownMessageAnswersNothing() {
        tenMessages();
        assertThat(store.unsend(chat, 99, T0)).isEmpty();
        assertThat(store.unsend(next(), 12, T0)).isEmpty();
    }

    @Test
    void aPeekIsTheLastVisibleMessageAndOthersUnreadTextMessages() {
        tenMessages();
        store.append(List.of(hiddenFrom(text(20, ana, "hidden"), ben)));
        // ben read up to 13: unread are ana's 14, 16, 18 (not ben's own, not the hidden 20).
        MessageReads.Peek peek = store.peeks(ben, List.of(new MessageReads.Window(chat, 0, 13))).get(chat);
        assertThat(peek.last().id()).isEqualTo(19);
        assertThat(peek.unread()).isEqualTo(3);
        assertThat(store.peeks(ana, List.of(new MessageReads.Window(chat, 0, 13))).get(chat).last().id()).isEqualTo(20);
    }

    @Test
    void aPeekCountsNeitherSystemMessagesNorWhatCameBeforeTheReaderCouldSee() {
        tenMessages();
        store.append(List.of(new Message(20, chat, ana, UUID.randomUUID().toString(), Message.Kind.SYSTEM, null,
                Map.of("type", "renamed"), null, T0, null)));
        MessageReads.Peek peek = store.peeks(ben, List.of(new MessageReads.Window(chat, 16, 0))).get(chat);
        assertThat(peek.last().id()).isEqualTo(20);
        assertThat(peek.unread()).isEqualTo(2);
    }

    @Test
    void aPeekOfAConversationWithNothingVisibleHasNoLastMessage() {
        long empty = next();
        tenMessages();
        var peeks = store.peeks(ben, List.of(new MessageReads.Window(empty, 0, 0), new MessageReads.Window(chat, 100, 0)));
        assertThat(peeks.get(empty)).isEqualTo(new MessageReads.Peek(null, 0));
        assertThat(peeks.get(chat)).isEqualTo(new MessageReads.Peek(null, 0));
        assertThat(store.peeks(ben, List.of())).isEmpty();
    }

    @Test
    void unreadCountsStopAt999() {
        List<Message> many = new ArrayList<>();
        for (long id = 1; id <= 1005; id++) {
            many.add(text(id, ana, "m" + id));
        }
        store.append(many);
        assertThat(store.peeks(ben, List.of(new MessageReads.Window(chat, 0, 0))).get(chat).unread()).isEqualTo(999);
    }

    @Test
    void sendersBetweenAreTheDistinctSendersInTheRange() {
        tenMessages();
        store.append(List.of(text(20, cy, "late")));
        assertThat(store.sendersBetween(chat, 11, 13, 10)).containsExactlyInAnyOrder(ana, ben);
        assertThat(store.sendersBetween(chat, 11, 12, 10)).containsExactly(ana);
        assertThat(store.sendersBetween(chat, 0, 100, 10)).containsExactlyInAnyOrder(ana, ben, cy);
        assertThat(store.sendersBetween(chat, 0, 100, 2)).hasSize(2);
        assertThat(store.sendersBetween(chat, 20, 100, 10)).isEmpty();
    }
}
