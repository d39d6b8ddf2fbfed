package io.parley.message.store;

import io.parley.message.Message;
import io.parley.message.MessageReads.Change;
import io.parley.message.MessageReads.Peek;
import io.parley.message.MessageReads.Window;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages in PostgreSQL. Batches go in as one {@code insert ... select from unnest(arrays)}:
 * one statement and ten parameters, whatever the batch size.
 */
@Repository
public class JdbcMessageStore implements MessageStore {
    private static final String COLUMNS = "conversation_id, id, sender_id, client_message_id, kind, body, system, "
            + "hidden_from, created_at, unsent_at";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcMessageStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public List<Appended> append(List<Message> messages) {
        int n = messages.size();
        Long[] conversations = new Long[n];
        Long[] ids = new Long[n];
        Long[] senders = new Long[n];
        String[] clientIds = new String[n];
        String[] kinds = new String[n];
        String[] bodies = new String[n];
        String[] systems = new String[n];
        Long[] hidden = new Long[n];
        String[] created = new String[n];
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            conversations[i] = m.conversationId();
            ids[i] = m.id();
            senders[i] = m.senderId();
            clientIds[i] = m.clientMessageId();
            kinds[i] = m.kind().name().toLowerCase(Locale.ROOT);
            bodies[i] = m.body();
            systems[i] = m.system() == null ? null : json.writeValueAsString(m.system());
            hidden[i] = m.hiddenFrom();
            created[i] = m.createdAt().toString();
        }
        Set<Long> inserted = Set.copyOf(jdbc.sql("""
                insert into messages (conversation_id, id, sender_id, client_message_id, kind, body, system, hidden_from, created_at)
                select * from unnest(cast(:conversations as bigint[]), cast(:ids as bigint[]), cast(:senders as bigint[]),
                                     cast(:clientIds as text[]), cast(:kinds as text[]), cast(:bodies as text[]),
                                     cast(:systems as jsonb[]), cast(:hidden as bigint[]), cast(:created as timestamptz[]))
                on conflict (sender_id, client_message_id) do nothing
                returning id
                """)
                .param("conversations", conversations).param("ids", ids).param("senders", senders)
                .param("clientIds", clientIds).param("kinds", kinds).param("bodies", bodies).param("systems", systems)
                .param("hidden", hidden).param("created", created)
                .query(Long.class).list());
        List<Appended> result = new ArrayList<>(n);
        if (inserted.size() == n) {
            messages.forEach(m -> result.add(new Appended(m, false)));
            return result;
        }
        Map<String, Message> existing = existing(messages.stream().filter(m -> !inserted.contains(m.id())).toList());
        for (Message m : messages) {
            result.add(inserted.contains(m.id()) ? new Appended(m, false)
                    : new Appended(existing.get(m.senderId() + "/" + m.clientMessageId()), true));
        }
        return result;
    }

    /** The stored messages behind duplicate sends, by "sender/clientMessageId". */
    private Map<String, Message> existing(List<Message> duplicates) {
        Long[] senders = duplicates.stream().map(Message::senderId).toArray(Long[]::new);
        String[] clientIds = duplicates.stream().map(Message::clientMessageId).toArray(String[]::new);
        return jdbc.sql("select " + COLUMNS + """
                 from messages where (sender_id, client_message_id) in
                    (select * from unnest(cast(:senders as bigint[]), cast(:clientIds as text[])))
                """)
                .param("senders", senders).param("clientIds", clientIds)
                .query(this::message).list().stream()
                .collect(Collectors.toMap(m -> m.senderId() + "/" + m.clientMessageId(), m -> m, (a, b) -> a));
    }

    @Override
    public Optional<Message> find(long conversationId, long messageId) {
        return jdbc.sql("select " + COLUMNS + " from messages where conversation_id = :c and id = :id")
                .param("c", conversationId).param("id", messageId).query(this::message).optional();
    }

    @Override
    public List<Message> page(long conversationId, long visibleFrom, long viewerId, Long beforeId, Long afterId, int limit) {
        String visible = " from messages where conversation_id = :c and id >= :from and (hidden_from is null or hidden_from <> :viewer)";
        List<Message> page;
        if (afterId != null) {
            page = jdbc.sql("select " + COLUMNS + visible + " and id > :after order by id limit :limit")
                    .param("c", conversationId).param("from", visibleFrom).param("viewer", viewerId)
                    .param("after", afterId).param("limit", limit).query(this::message).list();
        } else {
            page = new ArrayList<>(jdbc.sql("select " + COLUMNS + visible + " and id < :before order by id desc limit :limit")
                    .param("c", conversationId).param("from", visibleFrom).param("viewer", viewerId)
                    .param("before", beforeId == null ? Long.MAX_VALUE : beforeId).param("limit", limit)
                    .query(this::message).list());
            java.util.Collections.reverse(page);
        }
        return page;
    }

    @Override
    public Optional<Message> unsend(long conversationId, long messageId, Instant at) {
        return jdbc.sql("update messages set body = null, unsent_at = :at, changed_txid = pg_current_xact_id() "
                        + "where conversation_id = :c and id = :id and unsent_at is null returning " + COLUMNS)
                .param("at", Timestamp.from(at)).param("c", conversationId).param("id", messageId)
                .query(this::message).optional();
    }

    @Override
    public Map<Long, Peek> peeks(long viewerId, List<Window> windows) {
        if (windows.isEmpty()) {
            return Map.of();
        }
        Map<Long, Peek> peeks = new HashMap<>();
        jdbc.sql("""
                select v.cid, coalesce(u.unread, 0) as unread, lm.*
                from unnest(cast(:cids as bigint[]), cast(:visible as bigint[]), cast(:read as bigint[])) as v(cid, vis, lr)
                left join lateral (
                    select conversation_id, id, sender_id, client_message_id, kind, body, system, hidden_from, created_at, unsent_at
                    from messages m
                    where m.conversation_id = v.cid and m.id >= v.vis and (m.hidden_from is null or m.hidden_from <> :viewer)
                    order by m.id desc limit 1) lm on true
                left join lateral (
                    select count(*) as unread from (
                        select 1 from messages m
                        where m.conversation_id = v.cid and m.id > greatest(v.lr, v.vis - 1) and m.sender_id <> :viewer
                          and m.kind = 'text' and (m.hidden_from is null or m.hidden_from <> :viewer)
                        limit 999) x) u on true
                """)
                .param("cids", windows.stream().map(Window::conversationId).toArray(Long[]::new))
                .param("visible", windows.stream().map(Window::visibleFrom).toArray(Long[]::new))
                .param("read", windows.stream().map(Window::lastReadId).toArray(Long[]::new))
                .param("viewer", viewerId)
                .query((rs, n) -> {
                    rs.getLong("id");
                    Message last = rs.wasNull() ? null : message(rs, n);
                    peeks.put(rs.getLong("cid"), new Peek(last, rs.getInt("unread")));
                    return null;
                }).list();
        return peeks;
    }

    @Override
    public List<Long> sendersBetween(long conversationId, long afterId, long upToId, int limit) {
        return jdbc.sql("""
                select distinct sender_id from (
                    select sender_id from messages where conversation_id = :c and id > :after and id <= :upTo
                    order by id desc limit 1000) recent
                limit :limit
                """)
                .param("c", conversationId).param("after", afterId).param("upTo", upToId).param("limit", limit)
                .query(Long.class).list();
    }

    @Override
    public List<Change> changes(long viewerId, List<Window> windows, String fromTxid, String toTxid, String afterTxid,
            long afterConversation, long afterId, int limit) {
        if (windows.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select m.changed_txid::text as txid, " + COLUMNS.replace("conversation_id,", "m.conversation_id,") + """
                 from unnest(cast(:cids as bigint[]), cast(:visible as bigint[])) as v(cid, vis)
                join messages m on m.conversation_id = v.cid
                where m.changed_txid >= cast(:from as xid8) and m.changed_txid < cast(:to as xid8)
                  and m.id >= v.vis and (m.hidden_from is null or m.hidden_from <> :viewer)
                  and (m.changed_txid, m.conversation_id, m.id) > (cast(:afterTxid as xid8), :afterConversation, :afterId)
                order by m.changed_txid, m.conversation_id, m.id
                limit :limit
                """)
                .param("cids", windows.stream().map(Window::conversationId).toArray(Long[]::new))
                .param("visible", windows.stream().map(Window::visibleFrom).toArray(Long[]::new))
                .param("from", fromTxid).param("to", toTxid).param("viewer", viewerId)
                .param("afterTxid", afterTxid).param("afterConversation", afterConversation).param("afterId", afterId)
                .param("limit", limit)
                .query((rs, n) -> new Change(rs.getString("txid"), message(rs, n))).list();
    }

    @Override
    public String snapshotFloor() {
        return jdbc.sql("select pg_snapshot_xmin(pg_current_snapshot())::text").query(String.class).single();
    }

    private Message message(ResultSet rs, int row) throws SQLException {
        String system = rs.getString("system");
        long hidden = rs.getLong("hidden_from");
        Long hiddenFrom = rs.wasNull() ? null : hidden;
        Timestamp unsent = rs.getTimestamp("unsent_at");
        return new Message(rs.getLong("id"), rs.getLong("conversation_id"), rs.getLong("sender_id"),
                rs.getString("client_message_id"), Message.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                rs.getString("body"), system == null ? null : json.readValue(system, MAP), hiddenFrom,
                rs.getTimestamp("created_at").toInstant(), unsent == null ? null : unsent.toInstant());
    }
}
