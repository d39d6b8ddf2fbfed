package io.parley.message.store;

import io.parley.message.MessageReads.Cursor;
import io.parley.message.MessageReads.PeerReceipts;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read and delivery state: one read cursor and one delivery cursor per member (columns of
 * conversation_members that this module owns), and for 1:1 conversations the moments each
 * cursor moved (read_marks), so "Read at 9:05" can be told per message.
 */
@Repository
public class JdbcReadStore {
    private final JdbcClient jdbc;

    JdbcReadStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sending a message means having read everything before it: moves each sender's cursor up. */
    public void advanceToOwnMessages(Long[] conversations, Long[] senders, Long[] messageIds, Instant at) {
        jdbc.sql("""
                update conversation_members m
                   set last_read_id = v.max_id, read_at = :at, read_txid = pg_current_xact_id()
                from (select c, u, max(id) as max_id
                        from unnest(cast(:conversations as bigint[]), cast(:senders as bigint[]), cast(:ids as bigint[])) as x(c, u, id)
                       group by c, u) v
                where m.conversation_id = v.c and m.user_id = v.u and m.last_read_id < v.max_id
                """)
                .param("conversations", conversations).param("senders", senders).param("ids", messageIds)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Moves a read cursor forward (never back); answers where it was, or empty if it did not move. */
    public Optional<Long> moveRead(long conversationId, long userId, long messageId, Instant at) {
        return jdbc.sql("""
                with before as (
                    select last_read_id from conversation_members
                    where conversation_id = :c and user_id = :u and state = 'active' and last_read_id < :id
                    for update)
                update conversation_members m set last_read_id = :id, read_at = :at, read_txid = pg_current_xact_id()
                from before
                where m.conversation_id = :c and m.user_id = :u
                returning before.last_read_id
                """)
                .param("c", conversationId).param("u", userId).param("id", messageId).param("at", Timestamp.from(at))
                .query(Long.class).optional();
    }

    public void insertReadMark(long conversationId, long readerId, long upToId, Instant at) {
        jdbc.sql("""
                insert into read_marks (conversation_id, reader_id, up_to_id, read_at) values (:c, :r, :id, :at)
                on conflict do nothing
                """)
                .param("c", conversationId).param("r", readerId).param("id", upToId).param("at", Timestamp.from(at))
                .update();
    }

    /** Writes coalesced delivery cursors (never moving one back). */
    public void advanceDelivered(Long[] conversations, Long[] users, Long[] messageIds) {
        jdbc.sql("""
                update conversation_members m set last_delivered_id = v.id
                from unnest(cast(:conversations as bigint[]), cast(:users as bigint[]), cast(:ids as bigint[])) as v(c, u, id)
                where m.conversation_id = v.c and m.user_id = v.u and m.last_delivered_id < v.id
                """)
                .param("conversations", conversations).param("users", users).param("ids", messageIds)
                .update();
    }

    /** Active members other than {@code exceptUserId} whose cursor has reached the message. */
    public List<Cursor> readers(long conversationId, long messageId, long exceptUserId) {
        return jdbc.sql("""
                select conversation_id, user_id, last_read_id, read_at from conversation_members
                where conversation_id = :c and state = 'active' and user_id <> :except and last_read_id >= :id
                order by read_at nulls last, user_id
                """)
                .param("c", conversationId).param("except", exceptUserId).param("id", messageId)
                .query((rs, n) -> cursor(rs)).list();
    }

    /** For each message, how many active members other than {@code senderId} have read it. */
    public Map<Long, Integer> readCounts(long conversationId, long senderId, List<Long> messageIds) {
        Map<Long, Integer> counts = new HashMap<>();
        if (messageIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("""
                select x.id, (select count(*) from conversation_members cm
                              where cm.conversation_id = :c and cm.state = 'active' and cm.user_id <> :sender
                                and cm.last_read_id >= x.id) as readers
                from unnest(cast(:ids as bigint[])) as x(id)
                """)
                .param("c", conversationId).param("sender", senderId).param("ids", messageIds.toArray(Long[]::new))
                .query((rs, n) -> counts.put(rs.getLong(1), rs.getInt(2))).list();
        return counts;
    }

    /** For each message, when the reader's cursor first reached it (1:1 conversations). */
    public Map<Long, Instant> readAt(long conversationId, long readerId, List<Long> messageIds) {
        Map<Long, Instant> times = new HashMap<>();
        if (messageIds.isEmpty()) {
            return times;
        }
        jdbc.sql("""
                select x.id, (select min(r.read_at) from read_marks r
                              where r.conversation_id = :c and r.reader_id = :reader and r.up_to_id >= x.id) as read_at
                from unnest(cast(:ids as bigint[])) as x(id)
                """)
                .param("c", conversationId).param("reader", readerId).param("ids", messageIds.toArray(Long[]::new))
                .query((rs, n) -> {
                    Timestamp at = rs.getTimestamp(2);
                    if (at != null) {
                        times.put(rs.getLong(1), at.toInstant());
                    }
                    return null;
                }).list();
        return times;
    }

    public List<Cursor> cursors(long conversationId) {
        return jdbc.sql("""
                select conversation_id, user_id, last_read_id, read_at from conversation_members
                where conversation_id = :c and state = 'active' order by user_id
                """)
                .param("c", conversationId).query((rs, n) -> cursor(rs)).list();
    }

    /** The other member's receipts in each of these direct conversations. */
    public List<PeerReceipts> peerReceipts(long viewerId, List<Long> directConversations) {
        if (directConversations.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select conversation_id, user_id, last_read_id, read_at, last_delivered_id from conversation_members
                where conversation_id = any(:ids) and user_id <> :viewer
                """)
                .param("ids", directConversations.toArray(Long[]::new)).param("viewer", viewerId)
                .query((rs, n) -> {
                    Timestamp at = rs.getTimestamp(4);
                    return new PeerReceipts(rs.getLong(1), rs.getLong(2), rs.getLong(3), at == null ? null : at.toInstant(),
                            rs.getLong(5));
                }).list();
    }

    /**
     * Read cursors that moved in [fromTxid, toTxid): the viewer's own (in any of their
     * conversations) and the other person's in their direct conversations.
     */
    public List<Cursor> cursorsChanged(long viewerId, List<Long> conversations, List<Long> directConversations,
            String fromTxid, String toTxid) {
        if (conversations.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select conversation_id, user_id, last_read_id, read_at from conversation_members
                where conversation_id = any(:all)
                  and (user_id = :viewer or conversation_id = any(:direct))
                  and read_txid >= cast(:from as xid8) and read_txid < cast(:to as xid8)
                """)
                .param("all", conversations.toArray(Long[]::new)).param("viewer", viewerId)
                .param("direct", directConversations.toArray(Long[]::new)).param("from", fromTxid).param("to", toTxid)
                .query((rs, n) -> cursor(rs)).list();
    }

    /** Conversations of the viewer whose own row or membership changed in [fromTxid, toTxid). */
    public List<Long> conversationsChanged(long viewerId, String fromTxid, String toTxid) {
        return jdbc.sql("""
                select m.conversation_id from conversation_members m join conversations c on c.id = m.conversation_id
                where m.user_id = :viewer
                  and ((m.changed_txid >= cast(:from as xid8) and m.changed_txid < cast(:to as xid8))
                    or (c.changed_txid >= cast(:from as xid8) and c.changed_txid < cast(:to as xid8)))
                """)
                .param("viewer", viewerId).param("from", fromTxid).param("to", toTxid).query(Long.class).list();
    }

    private static Cursor cursor(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp("read_at");
        return new Cursor(rs.getLong("conversation_id"), rs.getLong("user_id"), rs.getLong("last_read_id"),
                at == null ? null : at.toInstant());
    }
}
