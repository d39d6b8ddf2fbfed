package io.parley.directory;

import io.parley.friend.FriendEvent;
import io.parley.gateway.SessionHub;
import io.parley.gateway.protocol.ServerFrame;
import io.parley.platform.bus.EventBus;
import org.springframework.stereotype.Component;

/** Tells the people concerned, on their sockets, that their friends changed, so lists refresh live. */
@Component
class FriendFrames {

    FriendFrames(SessionHub hub, EventBus bus) {
        bus.subscribe(FriendEvent.RequestReceived.class, e -> hub.deliver(e.toUser(),
                new ServerFrame.Friend("request-received", Long.toString(e.fromUser()), Long.toString(e.requestId()))));
        bus.subscribe(FriendEvent.FriendshipStarted.class, e -> {
            hub.deliver(e.userA(), new ServerFrame.Friend("friendship-started", Long.toString(e.userB()), null));
            hub.deliver(e.userB(), new ServerFrame.Friend("friendship-started", Long.toString(e.userA()), null));
        });
        bus.subscribe(FriendEvent.FriendshipEnded.class, e -> {
            hub.deliver(e.userA(), new ServerFrame.Friend("friendship-ended", Long.toString(e.userB()), null));
            hub.deliver(e.userB(), new ServerFrame.Friend("friendship-ended", Long.toString(e.userA()), null));
        });
    }
}
