package io.parley.account.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single-use tokens mailed to an address (finishing a sign-up, resetting a password); stored hashed. */
@Repository
public class JdbcEmailTokenStore {
    private final JdbcClient jdbc;

    JdbcEmailTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static final String SIGN_UP = "sign-up";
    public static final String PASSWORD_RESET = "password-reset";

    /**
     * One mailed token. For a sign-up the pending account's details ride along ({@code userId}
     * null); for a reset only {@code userId}.
     */
    public record EmailToken(String purpose, String email, Long userId, String passwordHash, String displayName,
            String parleyId, Instant expiresAt) {
    }

    public void insert(byte[] hash, EmailToken token, Instant now) {
        jdbc.sql("""
                insert into email_tokens (token_hash, purpose, email, user_id, password_hash, display_name, parley_id,
                                          created_at, expires_at)
                values (:hash, :purpose, :email, :userId, :passwordHash, :displayName, :parleyId, :now, :expiresAt)
                """)
                .param("hash", hash).param("purpose", token.purpose()).param("email", token.email())
                .param("userId", token.userId()).param("passwordHash", token.passwordHash())
                .param("displayName", token.displayName()).param("parleyId", token.parleyId())
                .param("now", Timestamp.from(now)).param("expiresAt", Timestamp.from(token.expiresAt()))
                .update();
    }

    /** Takes the token out: whatever happens next, it is never good again. */
    public Optional<EmailToken> take(byte[] hash, String purpose) {
        return jdbc.sql("""
                delete from email_tokens where token_hash = :hash and purpose = :purpose
                returning purpose, email, user_id, password_hash, display_name, parley_id, expires_at
                """)
                .param("hash", hash).param("purpose", purpose)
                .query((rs, n) -> new EmailToken(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .optional();
    }

    /** After a reset, the user's other reset links die too. */
    public void deleteForUser(long userId, String purpose) {
        jdbc.sql("delete from email_tokens where user_id = :userId and purpose = :purpose")
                .param("userId", userId).param("purpose", purpose).update();
    }

    public int purgeExpired(Instant now) {
        return jdbc.sql("delete from email_tokens where expires_at < :now").param("now", Timestamp.from(now)).update();
    }
}
