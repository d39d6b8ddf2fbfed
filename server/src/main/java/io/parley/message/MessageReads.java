package io.parley.message;

import io.parley.message.store.JdbcReadStore;
import io.parley.message.store.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What views that combine messages with conversations (the chat list, sync) read of messages and
 * read state. No rules here: callers pass only the windows their memberships allow.
 */
@Component
public class MessageReads {
    private final MessageStore messages;
    private final JdbcReadStore reads;

    MessageReads(MessageStore messages, JdbcReadStore reads) {
        this.messages = messages;
        this.reads = reads;
    }

    /** What one reader may see of one conversation: from where, and up to where they have read. */
    public record Window(long conversationId, long visibleFrom, long lastReadId) {
    }

    /** The last message a reader may see in a conversation, and how many others' messages they have not read. */
    public record Peek(Message last, int unread) {
    }

    /** A message changed (sent, unsent) by the transaction {@code txid}. */
    public record Change(String txid, Message message) {
    }

    /** A member's read cursor: the last message they read, and when. */
    public record Cursor(long conversationId, long userId, long lastReadId, Instant readAt) {
    }

    /** The other member's read and delivery cursors in a 1:1 conversation. */
    public record PeerReceipts(long conversationId, long peerId, long lastReadId, Instant readAt, long lastDeliveredId) {
    }

    /** Last visible message and unread count (capped at 999) per conversation. */
    public Map<Long, Peek> peeks(long viewerId, List<Window> windows) {
        return messages.peeks(viewerId, windows);
    }

    /** The other member's receipts in each of these direct conversations. */
    public List<PeerReceipts> peerReceipts(long viewerId, List<Long> directConversations) {
        return reads.peerReceipts(viewerId, directConversations);
    }

    /** See {@link MessageStore#snapshotFloor}: where a sync cursor starts. */
    public String snapshotFloor() {
        return messages.snapshotFloor();
    }

    /** See {@link MessageStore#changes}. */
    public List<Change> changes(long viewerId, List<Window> windows, String fromTxid, String toTxid, String afterTxid,
            long afterConversation, long afterId, int limit) {
        return messages.changes(viewerId, windows, fromTxid, toTxid, afterTxid, afterConversation, afterId, limit);
    }

    /** Conversations of the viewer whose own row or membership changed in [fromTxid, toTxid). */
    public List<Long> conversationsChanged(long viewerId, String fromTxid, String toTxid) {
        return reads.conversationsChanged(viewerId, fromTxid, toTxid);
    }

    /**
     * Read cursors that moved in [fromTxid, toTxid): the viewer's own (in any of their
     * conversations) and the other person's in their direct conversations.
     */
    public List<Cursor> cursorsChanged(long viewerId, List<Long> conversations, List<Long> directConversations,
            String fromTxid, String toTxid) {
        return reads.cursorsChanged(viewerId, conversations, directConversations, fromTxid, toTxid);
    }
}
