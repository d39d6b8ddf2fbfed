package io.parley.friend.store;

import io.parley.friend.FriendRequest;
import io.parley.friend.Friendship;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcFriendStore {
    private static final String REQUEST_COLUMNS = "id, from_user, to_user, status, created_at";

    private final JdbcClient jdbc;

    JdbcFriendStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a pending request; false when one from the same sender to the same person is pending already. */
    public boolean insertPending(long id, long from, long to, Instant now) {
        return jdbc.sql("""
                insert into friend_requests (id, from_user, to_user, status, created_at)
                values (:id, :from, :to, 'pending', :now)
                on conflict (from_user, to_user) where status = 'pending' do nothing
                """)
                .param("id", id).param("from", from).param("to", to).param("now", Timestamp.from(now))
                .update() == 1;
    }

    public Optional<FriendRequest> pendingBetween(long from, long to) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from friend_requests where from_user = :from and to_user = :to and status = 'pending'")
                .param("from", from).param("to", to).query(JdbcFriendStore::request).optional();
    }

    public Optional<FriendRequest> lockPending(long requestId) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from friend_requests where id = :id and status = 'pending' for update")
                .param("id", requestId).query(JdbcFriendStore::request).optional();
    }

    public void resolve(long requestId, String status, Instant now) {
        jdbc.sql("update friend_requests set status = :status, responded_at = :now where id = :id")
                .param("status", status).param("now", Timestamp.from(now)).param("id", requestId).update();
    }

    /** Cancels whatever is pending between the two, in either direction. */
    public void cancelPendingBetween(long a, long b, Instant now) {
        jdbc.sql("""
                update friend_requests set status = 'cancelled', responded_at = :now
                where status = 'pending' and ((from_user = :a and to_user = :b) or (from_user = :b and to_user = :a))
                """)
                .param("a", a).param("b", b).param("now", Timestamp.from(now)).update();
    }

    public List<FriendRequest> incoming(long userId) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from friend_requests where to_user = :user and status = 'pending' order by id desc limit 500")
                .param("user", userId).query(JdbcFriendStore::request).list();
    }

    public List<FriendRequest> outgoing(long userId) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from friend_requests where from_user = :user and status = 'pending' order by id desc limit 500")
                .param("user", userId).query(JdbcFriendStore::request).list();
    }

    public void befriend(long a, long b, Instant now) {
        jdbc.sql("""
                insert into friendships (user_id, friend_id, since) values (:a, :b, :now), (:b, :a, :now)
                on conflict do nothing
                """)
                .param("a", a).param("b", b).param("now", Timestamp.from(now)).update();
    }

    /** Ends a friendship; false when there was none. */
    public boolean unfriend(long a, long b) {
        return jdbc.sql("delete from friendships where (user_id = :a and friend_id = :b) or (user_id = :b and friend_id = :a)")
                .param("a", a).param("b", b).update() > 0;
    }

    public boolean areFriends(long a, long b) {
        return jdbc.sql("select exists (select 1 from friendships where user_id = :a and friend_id = :b)")
                .param("a", a).param("b", b).query(Boolean.class).single();
    }

    /** The user's friends, except those the user blocked. */
    public List<Friendship> friends(long userId) {
        return jdbc.sql("""
                select f.friend_id, f.since from friendships f
                where f.user_id = :user
                  and not exists (select 1 from blocks b where b.blocker_id = :user and b.blocked_id = f.friend_id)
                """)
                .param("user", userId)
                .query((rs, n) -> new Friendship(rs.getLong(1), rs.getTimestamp(2).toInstant())).list();
    }

    public boolean block(long blocker, long blocked, Instant now) {
        return jdbc.sql("insert into blocks (blocker_id, blocked_id, created_at) values (:blocker, :blocked, :now) on conflict do nothing")
                .param("blocker", blocker).param("blocked", blocked).param("now", Timestamp.from(now)).update() == 1;
    }

    public boolean unblock(long blocker, long blocked) {
        return jdbc.sql("delete from blocks where blocker_id = :blocker and blocked_id = :blocked")
                .param("blocker", blocker).param("blocked", blocked).update() == 1;
    }

    public boolean isBlocked(long blocker, long blocked) {
        return jdbc.sql("select exists (select 1 from blocks where blocker_id = :blocker and blocked_id = :blocked)")
                .param("blocker", blocker).param("blocked", blocked).query(Boolean.class).single();
    }

    /** Whom the user blocked, newest first. */
    public List<Long> blockedBy(long blocker) {
        return jdbc.sql("select blocked_id from blocks where blocker_id = :blocker order by created_at desc")
                .param("blocker", blocker).query(Long.class).list();
    }

    /** Who blocked the user. */
    public Set<Long> blockersOf(long blocked) {
        return new HashSet<>(jdbc.sql("select blocker_id from blocks where blocked_id = :blocked")
                .param("blocked", blocked).query(Long.class).list());
    }

    private static FriendRequest request(ResultSet rs, int row) throws SQLException {
        return new FriendRequest(rs.getLong("id"), rs.getLong("from_user"), rs.getLong("to_user"),
                rs.getTimestamp("created_at").toInstant());
    }
}
