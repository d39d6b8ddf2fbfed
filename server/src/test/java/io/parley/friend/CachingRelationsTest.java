package io.parley.friend;

import io.parley.support.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.bus.EventBus;
import io.parley.platform.bus.TestBuses;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingRelationsTest {
    /** The "database": relations kept in sets, counting how often it is asked. */
    static final class Recorded implements Relations {
        final Set<Set<Long>> friends = new HashSet<>();
        final Set<String> blocks = new HashSet<>();
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public boolean areFriends(long a, long b) {
            asked.incrementAndGet();
            return friends.contains(Set.of(a, b));
        }

        @Override
        public boolean hasBlocked(long blocker, long blocked) {
            asked.incrementAndGet();
            return blocks.contains(blocker + ">" + blocked);
        }

        @Override
        public void changed(FriendEvent event) {
        }
    }

    final EventBus bus = TestBuses.inProcess();
    final Recorded stored = new Recorded();
    final CachingRelations relations = new CachingRelations(stored, bus);

    @AfterEach
    void stopBus() throws InterruptedException {
        TestBuses.stop(bus);
    }

    @Test
    void asksTheStoreOncePerPairInEitherOrder() {
        stored.friends.add(Set.of(1L, 2L));
        assertThat(relations.areFriends(1, 2)).isTrue();
        assertThat(relations.areFriends(2, 1)).isTrue();
        assertThat(relations.hasBlocked(1, 2)).isFalse();
        assertThat(relations.hasBlocked(1, 2)).isFalse();
        assertThat(stored.asked).hasValue(2);
    }

    @Test
    void aChangeMadeHereIsSeenAtOnce() {
        assertThat(relations.areFriends(1, 2)).isFalse();
        assertThat(relations.hasBlocked(3, 4)).isFalse();
        stored.friends.add(Set.of(1L, 2L));
        stored.blocks.add("3>4");
        relations.changed(new FriendEvent.FriendshipStarted(2, 1));
        relations.changed(new FriendEvent.Blocked(3, 4));
        assertThat(relations.areFriends(1, 2)).isTrue();
        assertThat(relations.hasBlocked(3, 4)).isTrue();
    }

    @Test
    void blocksAreOneWay() {
        stored.blocks.add("3>4");
        assertThat(relations.hasBlocked(3, 4)).isTrue();
        assertThat(relations.hasBlocked(4, 3)).isFalse();
    }

    @Test
    void aChangeMadeOnAnotherNodeIsSeenOnceTheBusBringsIt() {
        stored.friends.add(Set.of(1L, 2L));
        assertThat(relations.areFriends(1, 2)).isTrue();
        stored.friends.clear();
        bus.publish(new FriendEvent.FriendshipEnded(1, 2));
        assertThat(Eventually.holds(() -> !relations.areFriends(1, 2), Duration.ofSeconds(10))).isTrue();
    }
}
