package io.parley.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.web.ServerBusyException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ImageGateTest {

    @Test
    void whenEveryTurnIsTakenAnUploadWaitsABoundedTimeThenIsRefusedAsBusy() throws Exception {
        ImageGate gate = new ImageGate(1, 4, Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = holdTheOnlyTurn(gate, release);
        assertThat(gate.busyPermits()).isEqualTo(1);

        long start = System.nanoTime();
        assertThatThrownBy(() -> gate.run(() -> "never"))
                .isInstanceOfSatisfying(ServerBusyException.class, e -> {
                    assertThat(e.code()).isEqualTo("server-busy");
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));

        release.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(gate.busyPermits()).isZero();
        assertThat(gate.run(() -> "next")).isEqualTo("next");
    }

    @Test
    void beyondTheQueueBoundAnUploadIsRefusedAtOnce() throws Exception {
        ImageGate gate = new ImageGate(1, 0, Duration.ofHours(1));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = holdTheOnlyTurn(gate, release);
        // With no room to wait, the refusal does not wait out the (hour-long) bound.
        assertThatThrownBy(() -> gate.run(() -> "never")).isInstanceOf(ServerBusyException.class);
        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedJobGivesItsTurnBack() {
        ImageGate gate = new ImageGate(1, 0, Duration.ofMillis(10));
        assertThatThrownBy(() -> gate.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(gate.busyPermits()).isZero();
        assertThat(gate.run(() -> "ok")).isEqualTo("ok");
    }

    /** Takes the gate's one turn on another thread until {@code release}; answers once it is taken. */
    private static CompletableFuture<String> holdTheOnlyTurn(ImageGate gate, CountDownLatch release) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> gate.run(() -> {
            started.countDown();
            await(release);
            return "done";
        }));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
