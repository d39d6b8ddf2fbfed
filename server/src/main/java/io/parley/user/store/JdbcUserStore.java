package io.parley.user.store;

import io.parley.platform.security.AccountStanding;
import io.parley.user.PublicProfile;
import io.parley.user.User;
import io.parley.user.UserStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcUserStore {
    private static final String USER_COLUMNS =
            "id, parley_id, display_name, introduction, avatar_key, email, status, created_at, updated_at";
    private static final String PROFILE_COLUMNS = "id, parley_id, display_name, introduction, avatar_key";

    private final JdbcClient jdbc;

    JdbcUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which unique key a write ran into. */
    public enum Conflict { PARLEY_ID, EMAIL }

    public static final class ConflictException extends RuntimeException {
        private final Conflict conflict;

        ConflictException(Conflict conflict) {
            super(conflict.name(), null, false, false);
            this.conflict = conflict;
        }

        public Conflict conflict() {
            return conflict;
        }
    }

    public void insert(User user, String searchName, List<String> grams) {
        translateConflicts(() -> jdbc.sql("""
                insert into users (id, parley_id, display_name, introduction, avatar_key, email, status,
                                   search_name, search_grams, created_at, updated_at)
                values (:id, :parleyId, :displayName, :introduction, :avatarKey, :email, :status,
                        :searchName, :grams, :createdAt, :updatedAt)
                """)
                .param("id", user.id())
                .param("parleyId", user.parleyId())
                .param("displayName", user.displayName())
                .param("introduction", user.introduction())
                .param("avatarKey", user.avatarKey())
                .param("email", user.email())
                .param("status", user.status().name().toLowerCase(Locale.ROOT))
                .param("searchName", searchName)
                .param("grams", grams.toArray(String[]::new))
                .param("createdAt", Timestamp.from(user.createdAt()))
                .param("updatedAt", Timestamp.from(user.updatedAt()))
                .update());
    }

    public void update(User user, String searchName, List<String> grams) {
        translateConflicts(() -> jdbc.sql("""
                update users set parley_id = :parleyId, display_name = :displayName, introduction = :introduction,
                                 avatar_key = :avatarKey, search_name = :searchName, search_grams = :grams,
                                 updated_at = :updatedAt
                where id = :id
                """)
                .param("id", user.id())
                .param("parleyId", user.parleyId())
                .param("displayName", user.displayName())
                .param("introduction", user.introduction())
                .param("avatarKey", user.avatarKey())
                .param("searchName", searchName)
                .param("grams", grams.toArray(String[]::new))
                .param("updatedAt", Timestamp.from(user.updatedAt()))
                .update());
    }

    public Optional<User> find(long id) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where id = :id")
                .param("id", id).query(JdbcUserStore::user).optional();
    }

    /** Locks the row for a read-modify-write (profile edits by several devices at once). */
    public Optional<User> findForUpdate(long id) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where id = :id for update")
                .param("id", id).query(JdbcUserStore::user).optional();
    }

    public Optional<User> findByParleyId(String parleyId) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where lower(parley_id) = lower(:parleyId)")
                .param("parleyId", parleyId).query(JdbcUserStore::user).optional();
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where lower(email) = lower(:email)")
                .param("email", email).query(JdbcUserStore::user).optional();
    }

    public List<PublicProfile> profiles(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + PROFILE_COLUMNS + " from users where id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new)).query(JdbcUserStore::profile).list();
    }

    /**
     * Users whose Parley ID or name contains {@code query} (already normalised), best matches
     * first: the exact Parley ID, then Parley ID prefixes, then name prefixes, then the rest.
     *
     * @param within  only these users (a friend list), or null for the whole directory
     * @param exclude never these users
     */
    public List<PublicProfile> search(String query, List<String> grams, Long[] within, Long[] exclude,
            int offset, int limit) {
        String likePrefix = io.parley.user.SearchText.escapeLike(query) + "%";
        String match = grams.isEmpty()
                ? "(lower(parley_id) like :prefix or search_name like :prefix)"
                : "(search_grams @> cast(:grams as text[]) and (strpos(lower(parley_id), :query) > 0 or strpos(search_name, :query) > 0))";
        return jdbc.sql("""
                select %s from users
                where %s
                  and status = 'active'
                  and (cast(:within as bigint[]) is null or id = any(:within))
                  and not (id = any(:exclude))
                order by case when lower(parley_id) = :query then 0
                              when lower(parley_id) like :prefix then 1
                              when search_name like :prefix then 2
                              else 3 end,
                         search_name, id
                offset :offset limit :limit
                """.formatted(PROFILE_COLUMNS, match))
                .param("query", query)
                .param("prefix", likePrefix)
                .param("grams", grams.toArray(String[]::new))
                .param("within", within)
                .param("exclude", exclude)
                .param("offset", offset)
                .param("limit", limit)
                .query(JdbcUserStore::profile).list();
    }

    public Optional<AccountStanding> standing(long id) {
        return jdbc.sql("select status, suspended_until, status_reason from users where id = :id")
                .param("id", id).query(JdbcUserStore::standing).optional();
    }

    /** Every account that is not active, by user id (few: loaded into memory at start-up). */
    public Map<Long, AccountStanding> notActive() {
        Map<Long, AccountStanding> standings = new HashMap<>();
        jdbc.sql("select id, status, suspended_until, status_reason from users where status <> 'active'")
                .query(rs -> {
                    standings.put(rs.getLong("id"), standing(rs, 0));
                });
        return standings;
    }

    public boolean setStanding(long id, AccountStanding standing, Instant now) {
        return jdbc.sql("""
                update users set status = :status, suspended_until = :until, status_reason = :reason, updated_at = :now
                where id = :id
                """)
                .param("status", standing.status())
                .param("until", standing.until() == null ? null : Timestamp.from(standing.until()))
                .param("reason", standing.reason())
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() == 1;
    }

    /** Drops the user's claim on their email address (another account proved it is theirs). */
    public void releaseEmail(long id, Instant now) {
        jdbc.sql("update users set email = null, updated_at = :now where id = :id")
                .param("now", Timestamp.from(now)).param("id", id).update();
    }

    /** "friends" or "nobody" (null for no such user). */
    public Optional<String> presenceVisibility(long id) {
        return jdbc.sql("select presence_visibility from users where id = :id")
                .param("id", id).query(String.class).optional();
    }

    /** Sets it; false when it was so already. */
    public boolean setPresenceVisibility(long id, String visibility) {
        return jdbc.sql("update users set presence_visibility = :v where id = :id and presence_visibility <> :v")
                .param("id", id).param("v", visibility).update() == 1;
    }

    /** Those of the users who share their presence with nobody. */
    public List<Long> hidingPresence(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from users where id = any(:ids) and presence_visibility = 'nobody'")
                .param("ids", ids.toArray(Long[]::new)).query(Long.class).list();
    }

    private static void translateConflicts(Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("users_parley_id_key")) {
                throw new ConflictException(Conflict.PARLEY_ID);
            }
            if (message.contains("users_email_key")) {
                throw new ConflictException(Conflict.EMAIL);
            }
            throw e;
        }
    }

    private static User user(ResultSet rs, int row) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("parley_id"), rs.getString("display_name"),
                rs.getString("introduction"), rs.getString("avatar_key"), rs.getString("email"),
                UserStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static AccountStanding standing(ResultSet rs, int row) throws SQLException {
        return new AccountStanding(rs.getString("status"), instant(rs, "suspended_until"), rs.getString("status_reason"));
    }

    private static PublicProfile profile(ResultSet rs, int row) throws SQLException {
        return new PublicProfile(rs.getLong("id"), rs.getString("parley_id"), rs.getString("display_name"),
                rs.getString("introduction"), rs.getString("avatar_key"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
