package io.parley.platform.id;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.ManualClock;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void idsIncreaseEvenWithinOneMillisecondAndPastTheSequenceSpace() {
        ManualClock clock = new ManualClock();
        IdGenerator ids = new IdGenerator(clock, 7);
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.next();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    @Test
    void idsKeepIncreasingWhenTheClockStepsBack() {
        ManualClock clock = new ManualClock();
        IdGenerator ids = new IdGenerator(clock, 1);
        long before = ids.next();
        clock.millis.addAndGet(-5_000);
        assertThat(ids.next()).isGreaterThan(before);
    }

    @Test
    void idsCarryTheirTimeAndNode() {
        ManualClock clock = new ManualClock();
        long id = new IdGenerator(clock, 1023).next();
        assertThat(IdGenerator.instantOf(id)).isEqualTo(clock.instant());
        assertThat((id >>> IdGenerator.SEQUENCE_BITS) & 1023).isEqualTo(1023);
        assertThat(IdGenerator.lowestIdAt(clock.instant())).isLessThanOrEqualTo(id);
        assertThat(id).isPositive();
    }

    @Test
    void differentNodesNeverCollide() {
        ManualClock clock = new ManualClock();
        IdGenerator a = new IdGenerator(clock, 1);
        IdGenerator b = new IdGenerator(clock, 2);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            assertThat(seen.add(a.next())).isTrue();
            assertThat(seen.add(b.next())).isTrue();
        }
    }

    @Test
    void uniqueUnderContention() {
        IdGenerator ids = new IdGenerator(Clock.systemUTC(), 3);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            for (int i = 0; i < 20_000; i++) {
                seen.add(ids.next());
            }
        });
        assertThat(seen).hasSize(160_000);
    }
}
