package io.parley.account.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Credentials, external identities, device sessions, refresh tokens and sign-in flow state. */
@Repository
public class JdbcAccountStore {
    private final JdbcClient jdbc;

    JdbcAccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Credential(long userId, String email, String passwordHash) {
    }

    public record Session(long id, long userId, String deviceName, Instant createdAt, Instant lastRefreshedAt,
            Instant revokedAt) {
    }

    /** A refresh token joined with its session, locked for rotation. */
    public record TokenRow(byte[] hash, long sessionId, long userId, Instant expiresAt, Instant rotatedAt,
            Instant sessionRevokedAt) {
    }

    public record OAuthState(String state, String provider, String codeVerifier, String nonce, String clientChallenge,
            String returnTo, Instant expiresAt) {
    }

    public void insertCredential(long userId, String email, String passwordHash, Instant now) {
        jdbc.sql("""
                insert into local_credentials (user_id, email, password_hash, created_at, updated_at)
                values (:userId, :email, :hash, :now, :now)
                """)
                .param("userId", userId).param("email", email).param("hash", passwordHash).param("now", ts(now))
                .update();
    }

    public Optional<Credential> credentialByEmail(String email) {
        return jdbc.sql("select user_id, email, password_hash from local_credentials where lower(email) = lower(:email)")
                .param("email", email)
                .query((rs, n) -> new Credential(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** The address answered a mail (a verification or a reset): the account's claim on it is proven. */
    public void markEmailVerified(long userId, String email, Instant now) {
        jdbc.sql("""
                update local_credentials set email_verified_at = :now
                where user_id = :userId and lower(email) = lower(:email) and email_verified_at is null
                """)
                .param("now", ts(now)).param("userId", userId).param("email", email).update();
    }

    /**
     * Whether the user's only hold on {@code email} is a local account that never proved it (no
     * verification, no reset, no provider vouching for it): such a claim never blocks the owner.
     */
    public boolean holdsOnlyUnverifiedClaim(long userId, String email) {
        return jdbc.sql("""
                select exists (select 1 from local_credentials c where c.user_id = :userId
                                 and lower(c.email) = lower(:email) and c.email_verified_at is null)
                   and not exists (select 1 from external_identities i where i.user_id = :userId
                                     and lower(i.email) = lower(:email))
                """)
                .param("userId", userId).param("email", email).query(Boolean.class).single();
    }

    public void updatePasswordHash(long userId, String passwordHash, Instant now) {
        jdbc.sql("update local_credentials set password_hash = :hash, updated_at = :now where user_id = :userId")
                .param("hash", passwordHash).param("now", ts(now)).param("userId", userId).update();
    }

    public Optional<Long> userOfIdentity(String provider, String subject) {
        return jdbc.sql("select user_id from external_identities where provider = :provider and subject = :subject")
                .param("provider", provider).param("subject", subject).query(Long.class).optional();
    }

    public void insertIdentity(String provider, String subject, long userId, String email, Instant now) {
        jdbc.sql("""
                insert into external_identities (provider, subject, user_id, email, created_at)
                values (:provider, :subject, :userId, :email, :now)
                """)
                .param("provider", provider).param("subject", subject).param("userId", userId)
                .param("email", email).param("now", ts(now))
                .update();
    }

    public void insertSession(long id, long userId, String deviceName, Instant now) {
        jdbc.sql("""
                insert into device_sessions (id, user_id, device_name, created_at, last_refreshed_at)
                values (:id, :userId, :deviceName, :now, :now)
                """)
                .param("id", id).param("userId", userId).param("deviceName", deviceName).param("now", ts(now))
                .update();
    }

    public void insertRefreshToken(byte[] hash, long sessionId, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("""
                insert into refresh_tokens (token_hash, session_id, issued_at, expires_at)
                values (:hash, :sessionId, :issuedAt, :expiresAt)
                """)
                .param("hash", hash).param("sessionId", sessionId)
                .param("issuedAt", ts(issuedAt)).param("expiresAt", ts(expiresAt))
                .update();
    }

    public Optional<TokenRow> lockToken(byte[] hash) {
        return jdbc.sql("""
                select t.token_hash, t.session_id, s.user_id, t.expires_at, t.rotated_at, s.revoked_at
                from refresh_tokens t join device_sessions s on s.id = t.session_id
                where t.token_hash = :hash
                for update of t, s
                """)
                .param("hash", hash)
                .query((rs, n) -> new TokenRow(rs.getBytes(1), rs.getLong(2), rs.getLong(3), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))))
                .optional();
    }

    public void markRotated(byte[] hash, Instant now) {
        jdbc.sql("update refresh_tokens set rotated_at = :now where token_hash = :hash")
                .param("now", ts(now)).param("hash", hash).update();
    }

    public void touchSession(long sessionId, Instant now) {
        jdbc.sql("update device_sessions set last_refreshed_at = :now where id = :id")
                .param("now", ts(now)).param("id", sessionId).update();
    }

    /** Revokes the given session of the user; answers whether it was active. */
    public boolean revokeSession(long userId, long sessionId, String reason, Instant now) {
        return jdbc.sql("""
                update device_sessions set revoked_at = :now, revoke_reason = :reason
                where id = :id and user_id = :userId and revoked_at is null
                """)
                .param("now", ts(now)).param("reason", reason).param("id", sessionId).param("userId", userId)
                .update() == 1;
    }

    /** Revokes every active session of the user and answers their ids. */
    public List<Long> revokeAllSessions(long userId, String reason, Instant now) {
        return jdbc.sql("""
                update device_sessions set revoked_at = :now, revoke_reason = :reason
                where user_id = :userId and revoked_at is null
                returning id
                """)
                .param("now", ts(now)).param("reason", reason).param("userId", userId)
                .query(Long.class).list();
    }

    public List<Session> activeSessions(long userId) {
        return jdbc.sql("""
                select id, user_id, device_name, created_at, last_refreshed_at, revoked_at from device_sessions
                where user_id = :userId and revoked_at is null order by last_refreshed_at desc
                """)
                .param("userId", userId)
                .query((rs, n) -> new Session(rs.getLong(1), rs.getLong(2), rs.getString(3), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))))
                .list();
    }

    /** Sessions revoked since {@code since}: their access tokens may still be in use. */
    public List<Long> sessionsRevokedSince(Instant since) {
        return jdbc.sql("select id from device_sessions where revoked_at >= :since")
                .param("since", ts(since)).query(Long.class).list();
    }

    public void insertOAuthState(OAuthState state) {
        jdbc.sql("""
                insert into oauth_states (state, provider, code_verifier, nonce, client_challenge, return_to, expires_at)
                values (:state, :provider, :verifier, :nonce, :challenge, :returnTo, :expiresAt)
                """)
                .param("state", state.state()).param("provider", state.provider())
                .param("verifier", state.codeVerifier()).param("nonce", state.nonce())
                .param("challenge", state.clientChallenge()).param("returnTo", state.returnTo())
                .param("expiresAt", ts(state.expiresAt()))
                .update();
    }

    /** Takes the state out: each one is good for a single callback. */
    public Optional<OAuthState> takeOAuthState(String state) {
        return jdbc.sql("""
                delete from oauth_states where state = :state
                returning state, provider, code_verifier, nonce, client_challenge, return_to, expires_at
                """)
                .param("state", state)
                .query((rs, n) -> new OAuthState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7))))
                .optional();
    }

    public void insertHandoff(byte[] codeHash, long userId, String clientChallenge, Instant expiresAt) {
        jdbc.sql("""
                insert into sign_in_handoffs (code_hash, user_id, client_challenge, expires_at)
                values (:hash, :userId, :challenge, :expiresAt)
                """)
                .param("hash", codeHash).param("userId", userId).param("challenge", clientChallenge)
                .param("expiresAt", ts(expiresAt))
                .update();
    }

    public record Handoff(long userId, String clientChallenge, Instant expiresAt) {
    }

    public Optional<Handoff> takeHandoff(byte[] codeHash) {
        return jdbc.sql("delete from sign_in_handoffs where code_hash = :hash returning user_id, client_challenge, expires_at")
                .param("hash", codeHash)
                .query((rs, n) -> new Handoff(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3))))
                .optional();
    }

    /** Forgets what can no longer be used; answers how many rows went. */
    public int purgeExpired(Instant now, Instant revokedBefore) {
        int removed = jdbc.sql("delete from oauth_states where expires_at < :now").param("now", ts(now)).update();
        removed += jdbc.sql("delete from sign_in_handoffs where expires_at < :now").param("now", ts(now)).update();
        removed += jdbc.sql("delete from refresh_tokens where expires_at < :now").param("now", ts(now)).update();
        removed += jdbc.sql("delete from device_sessions where revoked_at < :before")
                .param("before", ts(revokedBefore)).update();
        return removed;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
