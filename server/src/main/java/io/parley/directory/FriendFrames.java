package io.parley.directory;

import io.parley.friend.FriendEvent;
import io.parley.platform.bus.EventBus;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import org.springframework.stereotype.Component;

/** Tells the people concerned, on their sockets, that their friends changed, so lists refresh live. */
@Component
class FriendFrames {

    FriendFrames(EventBus bus) {
        bus.subscribe(FriendEvent.RequestReceived.class, e -> bus.publish(Delivery.of(e,
                new ServerFrame.Friend("request-received", Long.toString(e.fromUser()), Long.toString(e.requestId())),
                e.toUser())));
        bus.subscribe(FriendEvent.FriendshipStarted.class, e -> tellBoth(bus, e, "friendship-started", e.userA(), e.userB()));
        bus.subscribe(FriendEvent.FriendshipEnded.class, e -> tellBoth(bus, e, "friendship-ended", e.userA(), e.userB()));
    }

    /** Each of the two hears about the other. */
    private static void tellBoth(EventBus bus, FriendEvent cause, String event, long a, long b) {
        bus.publish(Delivery.of(cause, new ServerFrame.Friend(event, Long.toString(b), null), a));
        bus.publish(Delivery.of(cause, new ServerFrame.Friend(event, Long.toString(a), null), b));
    }
}
