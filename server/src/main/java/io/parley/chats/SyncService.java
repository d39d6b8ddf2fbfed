package io.parley.chats;

import io.parley.conversation.Conversation;
import io.parley.conversation.ConversationService;
import io.parley.conversation.Membership;
import io.parley.message.Message;
import io.parley.message.MessageReads;
import io.parley.message.Views;
import io.parley.platform.web.ProblemException;
import io.parley.protocol.ConversationView;
import io.parley.protocol.MessageView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One call that tells a device everything it missed: changed conversations, new and unsent
 * messages, moved read cursors. The cursor is a range of database transaction ids: a sync
 * returns the changes of transactions in [previous floor, current floor), where the floor is
 * the oldest transaction still running. A slow transaction that commits after a faster one is
 * therefore never skipped: it stays above the floor until it ends, and the next sync has it.
 */
@Service
public class SyncService {
    static final int PAGE = 500;

    private final ConversationService conversations;
    private final MessageReads messages;
    private final ChatSummaries summaries;
    private final SyncMetrics metrics;

    SyncService(ConversationService conversations, MessageReads messages, ChatSummaries summaries, SyncMetrics metrics) {
        this.conversations = conversations;
        this.messages = messages;
        this.summaries = summaries;
        this.metrics = metrics;
    }

    @NullMarked
    @Schema(name = "SyncRead")
    public record Read(String conversationId, String userId, String lastReadId, @Nullable Instant readAt) {
    }

    @NullMarked
    @Schema(name = "SyncResult")
    public record Result(String cursor, boolean hasMore, List<ConversationView> conversations, List<MessageView> messages,
            List<Read> reads) {
    }

    /** Where a sync stands: [from, to) of transaction ids, and the last change returned in it. */
    record Cursor(String from, String to, String afterTxid, long afterConversation, long afterId) {
        String encode() {
            String text = to == null ? "v1:" + from : "v1:" + from + ":" + to + ":" + afterTxid + ":" + afterConversation + ":" + afterId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
                if (!parts[0].equals("v1") || (parts.length != 2 && parts.length != 6)) {
                    throw new IllegalArgumentException();
                }
                for (int i = 1; i < parts.length; i++) {
                    Long.parseUnsignedLong(parts[i]);
                }
                return parts.length == 2 ? new Cursor(parts[1], null, null, 0, 0)
                        : new Cursor(parts[1], parts[2], parts[3], Long.parseLong(parts[4]), Long.parseLong(parts[5]));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "The sync cursor is not one this server gave out");
            }
        }
    }

    public Result sync(long me, String cursorText) {
        return metrics.timed(() -> page(me, cursorText));
    }

    private Result page(long me, String cursorText) {
        if (cursorText == null || cursorText.isBlank()) {
            String floor = messages.snapshotFloor();
            return new Result(new Cursor(floor, null, null, 0, 0).encode(), false, summaries.list(me), List.of(), List.of());
        }
        Cursor cursor = Cursor.decode(cursorText);
        boolean firstPage = cursor.to() == null;
        String from = cursor.from();
        String to = firstPage ? messages.snapshotFloor() : cursor.to();
        if (Long.parseUnsignedLong(to) < Long.parseUnsignedLong(from)) {
            throw ProblemException.badRequest("invalid-cursor", "The sync cursor is not one this server gave out");
        }
        List<Membership> memberships = conversations.membershipsOf(me);
        List<MessageReads.Window> windows = memberships.stream().filter(m -> m.member().active())
                .map(ChatSummaries::window)
                .toList();
        List<MessageReads.Change> changes = messages.changes(me, windows, from, to,
                firstPage ? "0" : cursor.afterTxid(), firstPage ? 0 : cursor.afterConversation(),
                firstPage ? 0 : cursor.afterId(), PAGE + 1);
        boolean hasMore = changes.size() > PAGE;
        if (hasMore) {
            changes = changes.subList(0, PAGE);
        }
        List<ConversationView> changed = List.of();
        List<Read> moved = List.of();
        if (firstPage) {
            changed = summaries.of(me, messages.conversationsChanged(me, from, to));
            List<Long> all = windows.stream().map(MessageReads.Window::conversationId).toList();
            List<Long> direct = memberships.stream().filter(m -> m.member().active()
                    && m.conversation().kind() == Conversation.Kind.DIRECT).map(m -> m.conversation().id()).toList();
            moved = messages.cursorsChanged(me, all, direct, from, to).stream()
                    .map(c -> new Read(Long.toString(c.conversationId()), Long.toString(c.userId()),
                            Long.toString(c.lastReadId()), c.readAt()))
                    .toList();
        }
        String next;
        if (hasMore) {
            MessageReads.Change last = changes.getLast();
            next = new Cursor(from, to, last.txid(), last.message().conversationId(), last.message().id()).encode();
        } else {
            next = new Cursor(to, null, null, 0, 0).encode();
        }
        List<MessageView> views = changes.stream().map(MessageReads.Change::message)
                .sorted(Comparator.comparingLong(Message::conversationId).thenComparingLong(Message::id))
                .map(Views::message).toList();
        return new Result(next, hasMore, changed, views, moved);
    }
}
