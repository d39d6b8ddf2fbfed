package io.parley.conversation.store;

import io.parley.conversation.Conversation;
import io.parley.conversation.Invite;
import io.parley.conversation.JoinRequest;
import io.parley.conversation.Member;
import io.parley.conversation.Membership;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcConversationStore {
    private static final String CONVERSATION_COLUMNS =
            "id, kind, name, avatar_key, group_code, join_mode, member_count, created_by, created_at";
    private static final String MEMBER_COLUMNS = "conversation_id, user_id, role, state, joined_at, visible_from, "
            + "last_read_id, read_at, last_delivered_id";

    private final JdbcClient jdbc;

    JdbcConversationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a direct conversation unless the pair has one; answers whether this call created it. */
    public boolean insertDirect(long id, String directKey, long createdBy, Instant now) {
        return jdbc.sql("""
                insert into conversations (id, kind, direct_key, member_count, created_by, created_at, updated_at)
                values (:id, 'direct', :key, 2, :createdBy, :now, :now)
                on conflict (direct_key) where direct_key is not null do nothing
                """)
                .param("id", id).param("key", directKey).param("createdBy", createdBy).param("now", ts(now))
                .update() == 1;
    }

    public Optional<Conversation> findDirect(String directKey) {
        return jdbc.sql("select " + CONVERSATION_COLUMNS + " from conversations where direct_key = :key")
                .param("key", directKey).query(JdbcConversationStore::conversation).optional();
    }

    public void insertGroup(Conversation group, Instant now) {
        jdbc.sql("""
                insert into conversations (id, kind, name, group_code, join_mode, member_count, created_by, created_at, updated_at)
                values (:id, 'group', :name, :code, :joinMode, 0, :createdBy, :now, :now)
                """)
                .param("id", group.id()).param("name", group.name()).param("code", group.groupCode())
                .param("joinMode", lower(group.joinMode())).param("createdBy", group.createdBy()).param("now", ts(now))
                .update();
    }

    public Optional<Conversation> find(long id) {
        return jdbc.sql("select " + CONVERSATION_COLUMNS + " from conversations where id = :id")
                .param("id", id).query(JdbcConversationStore::conversation).optional();
    }

    /** Locks the conversation row: membership changes of one group happen one at a time. */
    public Optional<Conversation> lock(long id) {
        return jdbc.sql("select " + CONVERSATION_COLUMNS + " from conversations where id = :id for update")
                .param("id", id).query(JdbcConversationStore::conversation).optional();
    }

    public Optional<Conversation> findByGroupCode(String code) {
        return jdbc.sql("select " + CONVERSATION_COLUMNS + " from conversations where group_code = :code")
                .param("code", code).query(JdbcConversationStore::conversation).optional();
    }

    public void updateGroup(long id, String name, Conversation.JoinMode joinMode, String avatarKey, String groupCode,
            Instant now) {
        jdbc.sql("""
                update conversations set name = :name, join_mode = :joinMode, avatar_key = :avatarKey, group_code = :code,
                       updated_at = :now, changed_txid = pg_current_xact_id()
                where id = :id
                """)
                .param("id", id).param("name", name).param("joinMode", lower(joinMode)).param("avatarKey", avatarKey)
                .param("code", groupCode).param("now", ts(now))
                .update();
    }

    /** Recounts the active members (after any change of membership). */
    public int recount(long id, Instant now) {
        return jdbc.sql("""
                update conversations set member_count = (select count(*) from conversation_members
                                                         where conversation_id = :id and state = 'active'),
                       updated_at = :now, changed_txid = pg_current_xact_id()
                where id = :id
                returning member_count
                """)
                .param("id", id).param("now", ts(now)).query(Integer.class).single();
    }

    /** Adds an active member, or makes a former one active again. */
    public void upsertActiveMember(long conversationId, long userId, Member.Role role, long visibleFrom, Instant now) {
        jdbc.sql("""
                insert into conversation_members (conversation_id, user_id, role, state, joined_at, visible_from)
                values (:conversation, :user, :role, 'active', :now, :visibleFrom)
                on conflict (conversation_id, user_id) do update
                   set role = excluded.role, state = 'active', joined_at = excluded.joined_at,
                       visible_from = excluded.visible_from, left_at = null, changed_txid = pg_current_xact_id()
                """)
                .param("conversation", conversationId).param("user", userId).param("role", lower(role))
                .param("visibleFrom", visibleFrom).param("now", ts(now))
                .update();
    }

    public void setMemberState(long conversationId, long userId, Member.State state, Instant now) {
        jdbc.sql("""
                update conversation_members set state = :state, left_at = :now, changed_txid = pg_current_xact_id()
                where conversation_id = :conversation and user_id = :user
                """)
                .param("state", lower(state)).param("now", ts(now))
                .param("conversation", conversationId).param("user", userId)
                .update();
    }

    public void setRole(long conversationId, long userId, Member.Role role) {
        jdbc.sql("""
                update conversation_members set role = :role, changed_txid = pg_current_xact_id()
                where conversation_id = :conversation and user_id = :user
                """)
                .param("role", lower(role)).param("conversation", conversationId).param("user", userId)
                .update();
    }

    public Optional<Member> member(long conversationId, long userId) {
        return jdbc.sql("select " + MEMBER_COLUMNS + " from conversation_members where conversation_id = :c and user_id = :u")
                .param("c", conversationId).param("u", userId).query(JdbcConversationStore::member).optional();
    }

    /** Those of {@code others} who are or were in a conversation with {@code me} (any state on either side). */
    public List<Long> sharingAConversation(long me, java.util.Collection<Long> others) {
        if (others.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select distinct o.user_id from conversation_members m
                join conversation_members o on o.conversation_id = m.conversation_id
                where m.user_id = :me and o.user_id in (:others)""")
                .param("me", me).param("others", others).query(Long.class).list();
    }

    public List<Long> activeMemberIds(long conversationId) {
        return jdbc.sql("select user_id from conversation_members where conversation_id = :c and state = 'active'")
                .param("c", conversationId).query(Long.class).list();
    }

    /** A page of active members: the owner, then admins, then members; each by user id. */
    public List<Member> activeMembers(long conversationId, int afterRank, long afterUserId, int limit) {
        return jdbc.sql("select " + MEMBER_COLUMNS + """
                 from (select *, case role when 'owner' then 0 when 'admin' then 1 else 2 end as rank
                        from conversation_members where conversation_id = :c and state = 'active') m
                where (rank, user_id) > (:rank, :after)
                order by rank, user_id limit :limit
                """)
                .param("c", conversationId).param("rank", afterRank).param("after", afterUserId).param("limit", limit)
                .query(JdbcConversationStore::member).list();
    }

    /** Who takes over from a leaving owner: the longest-serving admin, else member. */
    public Optional<Long> successor(long conversationId, long leavingOwner) {
        return jdbc.sql("""
                select user_id from conversation_members
                where conversation_id = :c and state = 'active' and user_id <> :owner
                order by case role when 'admin' then 0 else 1 end, joined_at, user_id
                limit 1
                """)
                .param("c", conversationId).param("owner", leavingOwner).query(Long.class).optional();
    }

    public List<Long> managerIds(long conversationId) {
        return jdbc.sql("""
                select user_id from conversation_members
                where conversation_id = :c and state = 'active' and role in ('owner', 'admin')
                """)
                .param("c", conversationId).query(Long.class).list();
    }

    public boolean insertInvite(long conversationId, long inviteeId, long inviterId, Instant now) {
        return jdbc.sql("""
                insert into group_invites (conversation_id, invitee_id, inviter_id, created_at)
                values (:c, :invitee, :inviter, :now) on conflict do nothing
                """)
                .param("c", conversationId).param("invitee", inviteeId).param("inviter", inviterId).param("now", ts(now))
                .update() == 1;
    }

    public Optional<Invite> takeInvite(long conversationId, long inviteeId) {
        return jdbc.sql("""
                delete from group_invites where conversation_id = :c and invitee_id = :invitee
                returning conversation_id, invitee_id, inviter_id, created_at
                """)
                .param("c", conversationId).param("invitee", inviteeId).query(JdbcConversationStore::invite).optional();
    }

    public List<Invite> invitesOf(long inviteeId) {
        return jdbc.sql("""
                select conversation_id, invitee_id, inviter_id, created_at from group_invites
                where invitee_id = :invitee order by created_at desc limit 200
                """)
                .param("invitee", inviteeId).query(JdbcConversationStore::invite).list();
    }

    public boolean insertJoinRequest(long conversationId, long userId, Instant now) {
        return jdbc.sql("""
                insert into group_join_requests (conversation_id, user_id, created_at) values (:c, :u, :now)
                on conflict do nothing
                """)
                .param("c", conversationId).param("u", userId).param("now", ts(now)).update() == 1;
    }

    public boolean deleteJoinRequest(long conversationId, long userId) {
        return jdbc.sql("delete from group_join_requests where conversation_id = :c and user_id = :u")
                .param("c", conversationId).param("u", userId).update() == 1;
    }

    public boolean hasJoinRequest(long conversationId, long userId) {
        return jdbc.sql("select exists (select 1 from group_join_requests where conversation_id = :c and user_id = :u)")
                .param("c", conversationId).param("u", userId).query(Boolean.class).single();
    }

    public List<JoinRequest> joinRequests(long conversationId) {
        return jdbc.sql("""
                select conversation_id, user_id, created_at from group_join_requests
                where conversation_id = :c order by created_at limit 500
                """)
                .param("c", conversationId)
                .query((rs, n) -> new JoinRequest(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant())).list();
    }

    /** The user's memberships, current and former, with their conversations. */
    public List<Membership> membershipsOf(long userId) {
        return jdbc.sql("select c.id, c.kind, c.name, c.avatar_key, c.group_code, c.join_mode, c.member_count, "
                + "c.created_by, c.created_at, m.conversation_id, m.user_id, m.role, m.state, m.joined_at, "
                + "m.visible_from, m.last_read_id, m.read_at, m.last_delivered_id "
                + "from conversation_members m join conversations c on c.id = m.conversation_id where m.user_id = :u")
                .param("u", userId)
                .query((rs, n) -> new Membership(conversation(rs, n), member(rs, n)))
                .list();
    }

    /** The other member of each of the user's direct conversations: peer id to conversation id. */
    public List<long[]> directPeers(long userId) {
        return jdbc.sql("""
                select other.user_id, me.conversation_id
                from conversation_members me
                join conversations c on c.id = me.conversation_id and c.kind = 'direct'
                join conversation_members other on other.conversation_id = me.conversation_id and other.user_id <> me.user_id
                where me.user_id = :u
                """)
                .param("u", userId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    public Optional<Long> otherDirectMember(long conversationId, long userId) {
        return jdbc.sql("select user_id from conversation_members where conversation_id = :c and user_id <> :u")
                .param("c", conversationId).param("u", userId).query(Long.class).optional();
    }

    static Conversation conversation(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getLong("id"), Conversation.Kind.valueOf(upper(rs.getString("kind"))),
                rs.getString("name"), rs.getString("avatar_key"), rs.getString("group_code"),
                Conversation.JoinMode.valueOf(upper(rs.getString("join_mode"))), rs.getInt("member_count"),
                rs.getLong("created_by"), rs.getTimestamp("created_at").toInstant());
    }

    static Member member(ResultSet rs, int row) throws SQLException {
        Timestamp readAt = rs.getTimestamp("read_at");
        return new Member(rs.getLong("conversation_id"), rs.getLong("user_id"),
                Member.Role.valueOf(upper(rs.getString("role"))), Member.State.valueOf(upper(rs.getString("state"))),
                rs.getTimestamp("joined_at").toInstant(), rs.getLong("visible_from"), rs.getLong("last_read_id"),
                readAt == null ? null : readAt.toInstant(), rs.getLong("last_delivered_id"));
    }

    private static Invite invite(ResultSet rs, int row) throws SQLException {
        return new Invite(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getTimestamp(4).toInstant());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
