package io.parley.message;

import io.parley.conversation.ConversationService;
import io.parley.conversation.Member;
import io.parley.friend.FriendService;
import io.parley.message.store.JdbcReadStore;
import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.security.Caller;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sending, reading and unsending messages: the rules live here, so REST and WebSocket cannot
 * disagree.
 */
@Service
@EnableConfigurationProperties(MessageProperties.class)
public class MessageService {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_PAGE = 100;

    private final MessageStore messages;
    private final JdbcReadStore reads;
    private final MessageWriter writer;
    private final ConversationService conversations;
    private final FriendService friends;
    private final EventBus bus;
    private final RateLimiter limiter;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final MessageProperties properties;

    MessageService(MessageStore messages, JdbcReadStore reads, MessageWriter writer, ConversationService conversations,
            FriendService friends, EventBus bus, RateLimiter limiter, Clock clock,
            TransactionTemplate transactions, MessageProperties properties) {
        this.messages = messages;
        this.reads = reads;
        this.writer = writer;
        this.conversations = conversations;
        this.friends = friends;
        this.bus = bus;
        this.limiter = limiter;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** A stored message and whether it had been stored before (a retried send). */
    public record Sent(Message message, boolean duplicate) {
    }

    public record Page(List<Message> messages, boolean hasMore, Map<Long, Integer> readBy, Map<Long, Instant> readAt) {
    }

    /**
     * Sends a text message. The future completes once it is committed; never before. Checks run
     * from memory (membership, friendship in a direct chat, blocks, rate), so the caller's thread
     * does not wait on the database.
     */
    public CompletableFuture<Sent> send(Caller caller, long conversationId, String clientMessageId, String body) {
        String id = clientMessageId == null ? UUID.randomUUID().toString() : clientMessageId;
        if (!CLIENT_ID.matcher(id).matches()) {
            throw ProblemException.badRequest("invalid-message", "clientMessageId is 1 to 64 of A-Z a-z 0-9 _ -");
        }
        checkBody(body);
        limiter.acquire("send-message", Long.toString(caller.userId()));
        conversations.checkCanWrite(caller.userId(), conversationId);
        OptionalLong peer = conversations.directPeer(conversationId, caller.userId());
        Long hiddenFrom = peer.isPresent() && friends.hasBlocked(peer.getAsLong(), caller.userId()) ? peer.getAsLong() : null;
        Instant now = now();
        // Id 0 until the writer numbers it, in commit order.
        Message message = new Message(0, conversationId, caller.userId(), id, Message.Kind.TEXT, body, null,
                hiddenFrom, now, null);
        return writer.submit(message, caller.sessionId()).thenApply(a -> new Sent(a.message(), a.duplicate()));
    }

    /** {@link #send}, waiting for the commit: for REST. */
    public Sent sendAndWait(Caller caller, long conversationId, String clientMessageId, String body) {
        try {
            return send(caller, conversationId, clientMessageId, body).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            throw e;
        }
    }

    /** Messages before {@code beforeId} (or the latest), or after {@code afterId}, oldest first. */
    public Page history(long me, long conversationId, Long beforeId, Long afterId, int limit) {
        Member member = conversations.requireActive(me, conversationId);
        int size = Math.clamp(limit, 1, MAX_PAGE);
        List<Message> page = messages.page(conversationId, member.visibleFrom(), me, beforeId, afterId, size + 1);
        boolean hasMore = page.size() > size;
        if (hasMore) {
            page = afterId != null ? page.subList(0, size) : page.subList(1, page.size());
        }
        List<Long> mine = page.stream().filter(m -> m.senderId() == me && m.kind() == Message.Kind.TEXT && !m.unsent())
                .map(Message::id).toList();
        OptionalLong peer = conversations.directPeer(conversationId, me);
        Map<Long, Integer> readBy = peer.isEmpty() ? reads.readCounts(conversationId, me, mine) : Map.of();
        Map<Long, Instant> readAt = peer.isPresent() ? reads.readAt(conversationId, peer.getAsLong(), mine) : Map.of();
        return new Page(page, hasMore, readBy, readAt);
    }

    /** Moves the caller's read cursor to {@code messageId} (never back). */
    public void markRead(long me, long conversationId, long messageId) {
        conversations.requireActive(me, conversationId);
        Message message = messages.find(conversationId, messageId).filter(m -> m.visibleTo(me))
                .orElseThrow(MessageService::messageNotFound);
        Instant now = now();
        boolean direct = conversations.directPeer(conversationId, me).isPresent();
        Long previous = transactions.execute(status -> {
            Long moved = reads.moveRead(conversationId, me, message.id(), now).orElse(null);
            if (moved != null && direct) {
                reads.insertReadMark(conversationId, me, message.id(), now);
            }
            return moved;
        });
        if (previous != null) {
            bus.publish(new MessageEvent.ReadMoved(conversationId, me, previous, message.id(), now));
        }
    }

    /** Unsends the caller's message within the window: the body goes, a tombstone stays. */
    public Message unsend(long me, long conversationId, long messageId) {
        conversations.requireActive(me, conversationId);
        Message message = messages.find(conversationId, messageId).filter(m -> m.visibleTo(me))
                .orElseThrow(MessageService::messageNotFound);
        if (message.senderId() != me || message.kind() != Message.Kind.TEXT) {
            throw ProblemException.forbidden("not-your-message", "Only the sender can unsend a message");
        }
        if (message.unsent()) {
            return message;
        }
        Instant now = now();
        if (now.isAfter(message.createdAt().plus(properties.unsendWindow()))) {
            throw ProblemException.conflict("unsend-window-passed",
                    "Messages can be unsent for " + properties.unsendWindow().toMinutes() + " minutes after sending");
        }
        return messages.unsend(conversationId, messageId, now).map(unsent -> {
            bus.publish(new MessageEvent.Unsent(conversationId, messageId, me, now, unsent.hiddenFrom()));
            return unsent;
        }).orElseGet(() -> messages.find(conversationId, messageId).orElseThrow());
    }

    /** Who has read one of the caller's messages (and, in 1:1, when). */
    public List<MessageReads.Cursor> readers(long me, long conversationId, long messageId) {
        conversations.requireActive(me, conversationId);
        Message message = messages.find(conversationId, messageId).filter(m -> m.visibleTo(me))
                .orElseThrow(MessageService::messageNotFound);
        if (message.senderId() != me) {
            throw ProblemException.forbidden("not-your-message", "Only the sender can see who read a message");
        }
        OptionalLong peer = conversations.directPeer(conversationId, me);
        List<MessageReads.Cursor> readers = reads.readers(conversationId, messageId, me);
        if (peer.isPresent()) {
            Instant at = reads.readAt(conversationId, peer.getAsLong(), List.of(messageId)).get(messageId);
            return readers.stream().map(c -> new MessageReads.Cursor(c.conversationId(), c.userId(), c.lastReadId(),
                    at != null ? at : c.readAt())).toList();
        }
        return readers;
    }

    public List<MessageReads.Cursor> readCursors(long me, long conversationId) {
        conversations.requireActive(me, conversationId);
        return reads.cursors(conversationId);
    }

    private Instant now() {
        return clock.instant();
    }

    private void checkBody(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("invalid-message", "A message needs some text");
        }
        if (body.length() > properties.maxLength() && body.codePointCount(0, body.length()) > properties.maxLength()) {
            throw ProblemException.badRequest("invalid-message",
                    "A message is at most " + properties.maxLength() + " characters");
        }
    }

    static ProblemException messageNotFound() {
        return ProblemException.notFound("message-not-found", "No such message in this conversation");
    }
}
