package io.parley.message.store;

import io.parley.message.Message;
import io.parley.message.MessageReads.Change;
import io.parley.message.MessageReads.Peek;
import io.parley.message.MessageReads.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where messages live. PostgreSQL by default; a store for very large histories (Cassandra)
 * implements the same contract (MessageStoreContract in the tests) except the sync cursor:
 * {@link #changes} and {@link #snapshotFloor} are PostgreSQL-only. Their positions are
 * PostgreSQL {@code xid8} transaction ids and the floor is {@code pg_snapshot_xmin} of the
 * current snapshot (see docs/design/data-model.md, "Sync"); another engine needs another sync
 * design, not just another implementation of these two methods.
 */
public interface MessageStore {

    /** The outcome of appending one message: the stored message, and whether it had been stored before. */
    record Appended(Message message, boolean duplicate) {
    }

    /**
     * Appends messages in one statement. A message whose (sender, client message id) is already
     * stored is not stored again; the answer holds the first one instead. Joins the caller's
     * transaction.
     */
    List<Appended> append(List<Message> messages);

    Optional<Message> find(long conversationId, long messageId);

    /**
     * Up to {@code limit} messages the viewer may see, oldest first: the newest ones before
     * {@code beforeId} (or the newest of all), or the oldest ones after {@code afterId}.
     */
    List<Message> page(long conversationId, long visibleFrom, long viewerId, Long beforeId, Long afterId, int limit);

    /**
     * Removes the body and marks the message unsent; answers it as it now is. Empty if unknown
     * or unsent already (so exactly one caller announces the unsend).
     */
    Optional<Message> unsend(long conversationId, long messageId, Instant at);

    /** Last visible message and unread count (capped at 999) per conversation. */
    Map<Long, Peek> peeks(long viewerId, List<Window> windows);

    /** Senders of messages in (afterId, upToId], at most {@code limit} of them. */
    List<Long> sendersBetween(long conversationId, long afterId, long upToId, int limit);

    /**
     * Messages changed (sent, unsent) by transactions in [fromTxid, toTxid) in the given
     * conversations, after the (txid, conversation, id) position given, in that order.
     * PostgreSQL-only: the txids are {@code xid8} values as decimal text.
     */
    List<Change> changes(long viewerId, List<Window> windows, String fromTxid, String toTxid, String afterTxid,
            long afterConversation, long afterId, int limit);

    /**
     * Everything below this transaction id has committed or rolled back: PostgreSQL's
     * {@code pg_snapshot_xmin(pg_current_snapshot())}, cluster-wide. PostgreSQL-only.
     */
    String snapshotFloor();
}
