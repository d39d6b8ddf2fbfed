package io.parley.platform.security;

import io.parley.support.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionRevocations} must do, whatever shares the revocations between nodes
 * (memory and the bus, Redis). A node is one instance; {@link #newNode()} makes another node of
 * the same cluster (the same bus, the same store). Session ids are unique per test.
 */
abstract class SessionRevocationsContract {
    protected static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    private static final AtomicLong ids = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    protected final ManualClock clock = new ManualClock();

    /** Another node of the cluster; access tokens live {@link #ACCESS_TOKEN_TTL} on {@link #clock}. */
    protected abstract SessionRevocations newNode();

    private static long id() {
        return ids.incrementAndGet();
    }

    private void later(Duration by) {
        clock.millis.addAndGet(by.toMillis());
    }

    /** Waits (up to 10 s) for the node to know the session as revoked. */
    private static boolean eventuallyRevoked(SessionRevocations node, long sessionId) {
        return Eventually.holds(() -> node.isRevoked(sessionId), Duration.ofSeconds(10));
    }

    @Test
    void aRevokedSessionIsRevokedOnThisNodeAtOnce() {
        SessionRevocations node = newNode();
        long user = id();
        long session = id();
        assertThat(node.isRevoked(session)).isFalse();
        node.revoke(user, List.of(session));
        assertThat(node.isRevoked(session)).isTrue();
    }

    @Test
    void onlyTheGivenSessionsOfTheUserAreRevoked() {
        SessionRevocations node = newNode();
        long user = id();
        long phone = id();
        long laptop = id();
        long tablet = id();
        node.revoke(user, List.of(phone, laptop));
        assertThat(node.isRevoked(phone)).isTrue();
        assertThat(node.isRevoked(laptop)).isTrue();
        assertThat(node.isRevoked(tablet)).isFalse();
    }

    @Test
    void revokingNoSessionsChangesNothing() {
        SessionRevocations node = newNode();
        node.revoke(id(), List.of());
        assertThat(node.isRevoked(id())).isFalse();
    }

    @Test
    void everyOtherNodeLearnsARevocation() {
        SessionRevocations here = newNode();
        SessionRevocations there = newNode();
        long user = id();
        long session = id();
        here.revoke(user, List.of(session));
        assertThat(eventuallyRevoked(there, session)).isTrue();
    }

    @Test
    void aRememberedRevocationIsKnownHereAndNotAnnounced() {
        SessionRevocations here = newNode();
        SessionRevocations there = newNode();
        long user = id();
        long loaded = id();
        long marker = id();
        here.remember(loaded);
        assertThat(here.isRevoked(loaded)).isTrue();
        // A later revocation of the same user reaches the other node after an announcement would have.
        here.revoke(user, List.of(marker));
        assertThat(eventuallyRevoked(there, marker)).isTrue();
        assertThat(there.isRevoked(loaded)).isFalse();
    }

    @Test
    void aRevocationOutlivesEveryAccessTokenOfTheSession() {
        SessionRevocations node = newNode();
        long session = id();
        node.revoke(id(), List.of(session));
        later(ACCESS_TOKEN_TTL.plusSeconds(30));
        assertThat(node.isRevoked(session)).isTrue();
    }
}
