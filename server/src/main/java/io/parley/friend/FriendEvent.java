package io.parley.friend;

import io.parley.platform.bus.BusEvent;

/** What happens between people, for the features that react to it (presence, live updates). */
public sealed interface FriendEvent extends BusEvent {

    record RequestReceived(long requestId, long fromUser, long toUser) implements FriendEvent {
        @Override
        public long routingKey() {
            return toUser;
        }
    }

    record FriendshipStarted(long userA, long userB) implements FriendEvent {
        @Override
        public long routingKey() {
            return Math.min(userA, userB);
        }
    }

    record FriendshipEnded(long userA, long userB) implements FriendEvent {
        @Override
        public long routingKey() {
            return Math.min(userA, userB);
        }
    }

    record Blocked(long blocker, long blocked) implements FriendEvent {
        @Override
        public long routingKey() {
            return blocker;
        }
    }

    record Unblocked(long blocker, long blocked) implements FriendEvent {
        @Override
        public long routingKey() {
            return blocker;
        }
    }
}
