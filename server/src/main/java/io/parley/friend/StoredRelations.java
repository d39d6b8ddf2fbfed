package io.parley.friend;

import io.parley.friend.store.JdbcFriendStore;

/** Relations as stored, asked of the database every time. */
final class StoredRelations implements Relations {
    private final JdbcFriendStore store;

    StoredRelations(JdbcFriendStore store) {
        this.store = store;
    }

    @Override
    public boolean areFriends(long a, long b) {
        return store.areFriends(Math.min(a, b), Math.max(a, b));
    }

    @Override
    public boolean hasBlocked(long blocker, long blocked) {
        return store.isBlocked(blocker, blocked);
    }

    @Override
    public void changed(FriendEvent event) {
        // Nothing kept, nothing to forget.
    }
}
