package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.bus.EventOrigin;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import io.parley.support.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeliveryRouter} must do for the sockets of its own node: reach every device of
 * the recipients but the one skipped, encode once, and drop a frame already delivered for the same
 * bus event. "Nothing else arrived" is proven by a later marker frame: a socket's frames keep their
 * order, so one that should not have come would be there before the marker.
 */
abstract class DeliveryRouterContract {
    private static final AtomicLong users = new AtomicLong(System.nanoTime() & 0xffff_ffffL);
    static final Duration WAIT = Duration.ofSeconds(10);

    protected TestNode node;

    /** A node whose router runs on its real engine. */
    protected abstract TestNode newNode();

    @BeforeEach
    void setUpNode() {
        node = newNode();
    }

    static long user() {
        return users.incrementAndGet();
    }

    static ServerFrame frame(String text) {
        return new ServerFrame.Typing(text, "1");
    }

    static Delivery delivery(ServerFrame frame, long exceptDevice, long... userIds) {
        return new Delivery(42, userIds, exceptDevice, frame);
    }

    /** Waits until the socket has {@code count} frames, the last of them {@code last}; answers them all. */
    static List<String> awaitFrames(RecordingSession socket, int count, ServerFrame last) {
        List<String> sent = Eventually.until(socket::sent, frames -> frames.size() >= count, WAIT);
        assertThat(sent).hasSize(count);
        assertThat(sent.getLast()).isEqualTo(TestNode.encoded(last));
        return sent;
    }

    @Test
    void aDeliveryReachesEveryDeviceOfItsRecipientsButTheOneSkipped() {
        long ana = user();
        long ben = user();
        long cy = user();
        RecordingSession anaPhone = node.connect(ana, 1);
        RecordingSession anaLaptop = node.connect(ana, 2);
        RecordingSession benPhone = node.connect(ben, 3);
        RecordingSession cyPhone = node.connect(cy, 4);
        ServerFrame typing = frame("typing");
        node.router.route(delivery(typing, 2, ana, ben));

        awaitFrames(anaPhone, 1, typing);
        awaitFrames(benPhone, 1, typing);
        ServerFrame marker = frame("marker");
        node.router.route(delivery(marker, 0, ana, cy));
        awaitFrames(anaLaptop, 1, marker);
        awaitFrames(cyPhone, 1, marker);
    }

    @Test
    void theFrameIsEncodedOnceWhateverTheNumberOfRecipients() {
        long[] many = new long[20];
        RecordingSession[] sockets = new RecordingSession[many.length];
        for (int i = 0; i < many.length; i++) {
            many[i] = user();
            sockets[i] = node.connect(many[i], 100 + i);
        }
        ServerFrame frame = frame("to many");
        node.router.route(delivery(frame, 0, many));
        for (RecordingSession socket : sockets) {
            awaitFrames(socket, 1, frame);
        }
        assertThat(node.encodes).hasValue(1);
    }

    @Test
    void aFrameAlreadyDeliveredForTheSameEventIsDroppedOneForAnotherEventIsNot() {
        long ana = user();
        RecordingSession phone = node.connect(ana, 1);
        ServerFrame read = frame("read");
        EventOrigin.run("0:17", () -> node.router.route(delivery(read, 0, ana)));
        EventOrigin.run("0:17", () -> node.router.route(delivery(read, 0, ana)));
        EventOrigin.run("0:18", () -> node.router.route(delivery(read, 0, ana)));
        ServerFrame marker = frame("marker");
        node.router.route(delivery(marker, 0, ana));

        assertThat(awaitFrames(phone, 3, marker)).startsWith(TestNode.encoded(read), TestNode.encoded(read));
    }

    @Test
    void withoutAnEventEqualFramesAreEachDelivered() {
        long ana = user();
        RecordingSession phone = node.connect(ana, 1);
        ServerFrame typing = frame("typing");
        node.router.route(delivery(typing, 0, ana));
        node.router.route(delivery(typing, 0, ana));

        awaitFrames(phone, 2, typing);
    }
}
