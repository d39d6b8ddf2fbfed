package io.parley.presence.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** When each user was last online: written once per going offline. */
@Repository
public class JdbcLastSeenStore {
    private final JdbcClient jdbc;

    JdbcLastSeenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void save(long userId, Instant at) {
        jdbc.sql("""
                insert into presence_last_seen (user_id, last_seen_at) values (:u, :at)
                on conflict (user_id) do update set last_seen_at = excluded.last_seen_at
                """)
                .param("u", userId).param("at", Timestamp.from(at)).update();
    }

    public Map<Long, Instant> lastSeen(Collection<Long> userIds) {
        Map<Long, Instant> result = new HashMap<>();
        if (userIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select user_id, last_seen_at from presence_last_seen where user_id = any(:ids)")
                .param("ids", userIds.toArray(Long[]::new))
                .query((rs, n) -> result.put(rs.getLong(1), rs.getTimestamp(2).toInstant())).list();
        return result;
    }
}
