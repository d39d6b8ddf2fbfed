package io.parley.friend;

/**
 * The two questions asked on every direct message and presence update. The database answers
 * them ({@link StoredRelations}); {@link CachingRelations} wraps it with memory, so the cache is a
 * decorator of this seam rather than a concern of {@link FriendService}.
 */
interface Relations {

    /** Whether the two are friends (blocks aside), in either order. */
    boolean areFriends(long a, long b);

    /** Whether {@code blocker} blocked {@code blocked}. */
    boolean hasBlocked(long blocker, long blocked);

    /** This node just made the change (committed): answers from now on must reflect it. */
    void changed(FriendEvent event);
}
