package io.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceRegistry} must do, whatever keeps it (memory, Redis). Presence
 * announces "online" on the first socket and "offline" after the last, so the answers of
 * connected/disconnected matter as much as isOnline. Each test uses users of its own, so an
 * implementation over a shared store may keep its state between tests.
 */
abstract class PresenceRegistryContract {
    private static final AtomicLong users = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    /** The node the registry under test is on. */
    protected static final int NODE = 1;

    protected PresenceRegistry registry;

    /** A registry on its real engine, of node {@link #NODE}. */
    protected abstract PresenceRegistry newRegistry();

    @BeforeEach
    void setUpRegistry() {
        registry = newRegistry();
    }

    private static long user() {
        return users.incrementAndGet();
    }

    @Test
    void theFirstSocketOfAUserBringsThemOnline() {
        long ana = user();
        assertThat(registry.isOnline(ana)).isFalse();
        assertThat(registry.connected(ana, "s1")).isTrue();
        assertThat(registry.isOnline(ana)).isTrue();
        assertThat(registry.connected(ana, "s2")).isFalse();
    }

    @Test
    void onlyTheLastSocketClosedTakesThemOffline() {
        long ana = user();
        registry.connected(ana, "s1");
        registry.connected(ana, "s2");
        assertThat(registry.disconnected(ana, "s1")).isFalse();
        assertThat(registry.isOnline(ana)).isTrue();
        assertThat(registry.disconnected(ana, "s2")).isTrue();
        assertThat(registry.isOnline(ana)).isFalse();
    }

    @Test
    void closingASocketNeverOpenedChangesNothing() {
        long ana = user();
        long ben = user();
        assertThat(registry.disconnected(ben, "never")).isFalse();
        assertThat(registry.isOnline(ben)).isFalse();
        registry.connected(ana, "s1");
        assertThat(registry.disconnected(ana, "never")).isFalse();
        assertThat(registry.isOnline(ana)).isTrue();
    }

    @Test
    void aCloseHeardTwiceDoesNotTakeAnotherSocketWithIt() {
        long ana = user();
        registry.connected(ana, "s1");
        registry.connected(ana, "s2");
        registry.disconnected(ana, "s1");
        assertThat(registry.disconnected(ana, "s1")).isFalse();
        assertThat(registry.isOnline(ana)).isTrue();
        assertThat(registry.disconnected(ana, "s2")).isTrue();
    }

    @Test
    void anOpenHeardTwiceIsOneSocket() {
        long ana = user();
        assertThat(registry.connected(ana, "s1")).isTrue();
        assertThat(registry.connected(ana, "s1")).isFalse();
        assertThat(registry.disconnected(ana, "s1")).isTrue();
        assertThat(registry.isOnline(ana)).isFalse();
    }

    @Test
    void theSameKeyOfAnotherUserIsAnotherSocket() {
        long ana = user();
        long ben = user();
        assertThat(registry.connected(ana, "s1")).isTrue();
        assertThat(registry.connected(ben, "s1")).isTrue();
        assertThat(registry.disconnected(ana, "s1")).isTrue();
        assertThat(registry.isOnline(ben)).isTrue();
    }

    @Test
    void aUserCanComeOnlineAgainAfterGoingOffline() {
        long ana = user();
        registry.connected(ana, "s1");
        registry.disconnected(ana, "s1");
        assertThat(registry.connected(ana, "s2")).isTrue();
        assertThat(registry.isOnline(ana)).isTrue();
    }

    @Test
    void onlineAnswersThoseOfTheGivenUsersWhoAreOnline() {
        long ana = user();
        long ben = user();
        long cy = user();
        registry.connected(ana, "s1");
        registry.connected(cy, "s9");
        assertThat(registry.online(List.of(ana, ben, cy))).isEqualTo(Set.of(ana, cy));
        assertThat(registry.online(List.of(ben))).isEmpty();
        assertThat(registry.online(List.of())).isEmpty();
    }

    @Test
    void nodesOfAnswersWhereEachConnectedUserIs() {
        long ana = user();
        long ben = user();
        long cy = user();
        registry.connected(ana, "s1");
        registry.connected(ana, "s2");
        registry.connected(cy, "s9");
        assertThat(registry.nodesOf(List.of(ana, ben, cy))).isEqualTo(Map.of(ana, Set.of(NODE), cy, Set.of(NODE)));
        registry.disconnected(ana, "s1");
        assertThat(registry.nodesOf(List.of(ana))).isEqualTo(Map.of(ana, Set.of(NODE)));
        registry.disconnected(ana, "s2");
        assertThat(registry.nodesOf(List.of(ana, ben))).isEmpty();
        assertThat(registry.nodesOf(List.of())).isEmpty();
    }

    @Test
    void aUserWhoseLastSocketClosedIsNotLapsed() {
        registry.connected(1, "a");
        registry.disconnected(1, "a");
        assertThat(registry.lapsed(100)).doesNotContain(1L);
    }

    @Test
    void concurrentOpensAndClosesAnnounceOnlineOnceAndOfflineOnce() throws Exception {
        long ana = user();
        int sockets = 64;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> opens = new ArrayList<>();
            List<Callable<Boolean>> closes = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                String key = "s" + i;
                opens.add(() -> registry.connected(ana, key));
                closes.add(() -> registry.disconnected(ana, key));
            }
            assertThat(trues(pool.invokeAll(opens))).isEqualTo(1);
            assertThat(registry.isOnline(ana)).isTrue();
            assertThat(trues(pool.invokeAll(closes))).isEqualTo(1);
            assertThat(registry.isOnline(ana)).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    private static long trues(List<Future<Boolean>> answers) throws Exception {
        long count = 0;
        for (Future<Boolean> answer : answers) {
            if (answer.get()) {
                count++;
            }
        }
        return count;
    }
}
