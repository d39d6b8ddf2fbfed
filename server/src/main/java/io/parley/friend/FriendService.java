package io.parley.friend;

import io.parley.friend.store.JdbcFriendStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import io.parley.user.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Friend requests, friendships and blocks. Blocking is one-sided and silent: nothing the blocked
 * person sees differs from what a legitimate choice would show. They still find the blocker as
 * anyone does; a request to the blocker stays pending unseen (as if ignored) and is dropped on
 * unblocking (as if declined); the blocker's presence shows as hidden (as if they shared it with
 * nobody); messages are kept from the blocker (see {@code MessageService}).
 */
@Service
public class FriendService {
    private final JdbcFriendStore store;
    private final UserService users;
    private final EventBus bus;
    private final IdGenerator ids;
    private final RateLimiter limiter;
    private final Clock clock;
    private final TransactionTemplate transactions;
    /** Asked on every direct message: from memory (see {@link CachingRelations}). */
    private final Relations relations;

    FriendService(JdbcFriendStore store, Relations relations, UserService users, EventBus bus, IdGenerator ids,
            RateLimiter limiter, Clock clock, TransactionTemplate transactions) {
        this.store = store;
        this.relations = relations;
        this.users = users;
        this.bus = bus;
        this.ids = ids;
        this.limiter = limiter;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** What adding someone did: sent a request, or (they had asked first) made you friends. */
    public sealed interface AddOutcome {
        record Requested(FriendRequest request) implements AddOutcome {
        }

        record BecameFriends(long friendId) implements AddOutcome {
        }
    }

    /** Adds someone by the Parley ID they told you. */
    public AddOutcome add(long me, String parleyId) {
        User target = users.findByParleyId(parleyId)
                .orElseThrow(() -> ProblemException.notFound("user-not-found", "No one has the Parley ID " + parleyId));
        long them = target.id();
        if (them == me) {
            throw ProblemException.badRequest("cannot-add-self", "That is your own Parley ID");
        }
        if (store.isBlocked(me, them)) {
            throw ProblemException.conflict("user-blocked", "You blocked this person; unblock them first");
        }
        if (store.areFriends(me, them)) {
            throw ProblemException.conflict("already-friends", "You are friends already");
        }
        var theirs = store.pendingBetween(them, me);
        if (theirs.isPresent()) {
            accept(me, theirs.get().id());
            return new AddOutcome.BecameFriends(them);
        }
        var mine = store.pendingBetween(me, them);
        if (mine.isPresent()) {
            return new AddOutcome.Requested(mine.get());
        }
        limiter.acquire("friend-request", Long.toString(me));
        FriendRequest request = new FriendRequest(ids.next(), me, them, clock.instant());
        if (!store.insertPending(request.id(), me, them, request.createdAt())) {
            return new AddOutcome.Requested(store.pendingBetween(me, them).orElseThrow());
        }
        // To someone who blocked the sender it stays pending and unseen (incoming() leaves it out).
        if (!hasBlocked(them, me)) {
            bus.publish(new FriendEvent.RequestReceived(request.id(), me, them));
        }
        return new AddOutcome.Requested(request);
    }

    /** Accepts a request sent to the caller; answers the new friend. */
    public long accept(long me, long requestId) {
        Instant now = clock.instant();
        FriendRequest request = transactions.execute(status -> {
            FriendRequest pending = store.lockPending(requestId).filter(r -> r.toUser() == me)
                    .orElseThrow(FriendService::requestNotFound);
            store.resolve(requestId, "accepted", now);
            store.cancelPendingBetween(pending.fromUser(), me, now);
            store.befriend(pending.fromUser(), me, now);
            return pending;
        });
        announce(new FriendEvent.FriendshipStarted(request.fromUser(), me));
        return request.fromUser();
    }

    public void decline(long me, long requestId) {
        transactions.executeWithoutResult(status -> {
            store.lockPending(requestId).filter(r -> r.toUser() == me).orElseThrow(FriendService::requestNotFound);
            store.resolve(requestId, "declined", clock.instant());
        });
    }

    public void cancel(long me, long requestId) {
        transactions.executeWithoutResult(status -> {
            store.lockPending(requestId).filter(r -> r.fromUser() == me).orElseThrow(FriendService::requestNotFound);
            store.resolve(requestId, "cancelled", clock.instant());
        });
    }

    public void remove(long me, long friendId) {
        if (!store.unfriend(me, friendId)) {
            throw ProblemException.notFound("not-friends", "You are not friends with this user");
        }
        announce(new FriendEvent.FriendshipEnded(me, friendId));
    }

    public void block(long me, long userId) {
        if (userId == me) {
            throw ProblemException.badRequest("cannot-block-self", "You cannot block yourself");
        }
        users.find(userId).orElseThrow(() -> ProblemException.notFound("user-not-found", "No such user"));
        boolean added = Boolean.TRUE.equals(transactions.execute(status -> {
            store.cancelPendingBetween(me, userId, clock.instant());
            return store.block(me, userId, clock.instant());
        }));
        if (added) {
            announce(new FriendEvent.Blocked(me, userId));
        }
    }

    public void unblock(long me, long userId) {
        boolean removed = Boolean.TRUE.equals(transactions.execute(status -> {
            boolean was = store.unblock(me, userId);
            if (was) {
                // What they asked while blocked is dropped, as if declined: the block stays unseen.
                store.cancelPendingBetween(me, userId, clock.instant());
            }
            return was;
        }));
        if (removed) {
            announce(new FriendEvent.Unblocked(me, userId));
        }
    }

    public List<FriendRequest> incoming(long me) {
        Set<Long> blocked = Set.copyOf(store.blockedBy(me));
        return store.incoming(me).stream().filter(r -> !blocked.contains(r.fromUser())).toList();
    }

    public List<FriendRequest> outgoing(long me) {
        return store.outgoing(me);
    }

    /** The user's friends, without those the user blocked. */
    public List<Friendship> friends(long me) {
        return store.friends(me);
    }

    /** Whether the two are friends (blocks aside); from memory after the first ask. */
    public boolean areFriends(long a, long b) {
        return relations.areFriends(a, b);
    }

    /** Whether {@code blocker} blocked {@code blocked}; from memory after the first ask. */
    public boolean hasBlocked(long blocker, long blocked) {
        return relations.hasBlocked(blocker, blocked);
    }

    /** Whom the user blocked, newest first. */
    public List<Long> blockedByMe(long me) {
        return store.blockedBy(me);
    }

    /** Who blocked the user: they must not show up in the user's searches. */
    public Set<Long> blockersOf(long me) {
        return store.blockersOf(me);
    }

    public Relationship relationship(long me, long other) {
        if (me == other) {
            return Relationship.SELF;
        }
        if (store.isBlocked(me, other)) {
            return Relationship.BLOCKED;
        }
        if (store.areFriends(me, other)) {
            return Relationship.FRIEND;
        }
        if (store.pendingBetween(me, other).isPresent()) {
            return Relationship.REQUEST_SENT;
        }
        if (store.pendingBetween(other, me).isPresent()) {
            return Relationship.REQUEST_RECEIVED;
        }
        return Relationship.NONE;
    }

    /** A committed change: this node's answers reflect it at once, the other nodes' once the bus brings it. */
    private void announce(FriendEvent event) {
        relations.changed(event);
        bus.publish(event);
    }

    private static ProblemException requestNotFound() {
        return ProblemException.notFound("request-not-found", "No such pending friend request");
    }
}
