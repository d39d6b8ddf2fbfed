package io.parley.directory;

import io.parley.chats.ChatSummaries;
import io.parley.friend.FriendRequest;
import io.parley.friend.FriendService;
import io.parley.friend.Friendship;
import io.parley.friend.Relationship;
import io.parley.platform.web.ProblemException;
import io.parley.presence.Presence;
import io.parley.presence.PresenceService;
import io.parley.protocol.ConversationView;
import io.parley.user.PublicProfile;
import io.parley.user.SearchText;
import io.parley.user.UserService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Finding people: the directory, a Parley ID typed in, and one's own friends, each seen through
 * the caller's relationships. A block does not hide the blocker from the blocked person: that
 * would tell them (see {@code FriendService}); they see what anyone sees.
 */
@Service
public class DirectoryService {
    static final int MAX_PAGE = 50;
    static final int MAX_QUERY = 100;

    private final UserService users;
    private final FriendService friends;
    private final PresenceService presence;
    private final ChatSummaries chats;

    DirectoryService(UserService users, FriendService friends, PresenceService presence, ChatSummaries chats) {
        this.users = users;
        this.friends = friends;
        this.presence = presence;
        this.chats = chats;
    }

    public record Person(PublicProfile profile, Relationship relationship) {
    }

    public record Page(List<Person> people, String nextCursor) {
    }

    /** A friend as the friend list shows them: presence, and the 1:1 chat if there is one. */
    public record Friend(PublicProfile profile, java.time.Instant since, Presence presence, ConversationView chat) {
    }

    public Page search(long me, String query, String cursor, int limit) {
        String q = checkQuery(query);
        int size = Math.clamp(limit, 1, MAX_PAGE);
        int offset = decodeCursor(cursor);
        List<PublicProfile> found = users.search(q, null, Set.of(me), offset, size + 1);
        Relationships relationships = relationships(me);
        List<Person> people = found.stream().limit(size)
                .map(profile -> new Person(profile, relationships.of(profile.id()))).toList();
        return new Page(people, found.size() > size ? encodeCursor(offset + size) : null);
    }

    /** The person with this Parley ID. */
    public Person byParleyId(long me, String parleyId) {
        PublicProfile profile = users.findByParleyId(parleyId)
                .map(io.parley.user.User::publicProfile)
                .orElseThrow(() -> ProblemException.notFound("user-not-found", "No one has the Parley ID " + parleyId));
        return new Person(profile, friends.relationship(me, profile.id()));
    }

    public Person byId(long me, long userId) {
        return new Person(users.publicProfile(userId), friends.relationship(me, userId));
    }

    /** The caller's friends by name, optionally only those matching {@code query}. */
    public List<Friend> friends(long me, String query) {
        List<Friendship> all = friends.friends(me);
        Map<Long, java.time.Instant> since = all.stream().collect(Collectors.toMap(Friendship::friendId, Friendship::since));
        List<PublicProfile> profiles;
        if (query == null || query.isBlank()) {
            profiles = new ArrayList<>(users.profiles(since.keySet()).values());
            profiles.sort(Comparator.comparing((PublicProfile p) -> SearchText.normalize(p.displayName()))
                    .thenComparing(PublicProfile::id));
        } else {
            profiles = users.search(checkQuery(query), since.keySet(), Set.of(), 0, 1000);
        }
        Map<Long, Presence> presences = presence.presenceFor(me, profiles.stream().map(PublicProfile::id).toList());
        Map<Long, ConversationView> chatsByPeer = chats.list(me).stream()
                .filter(c -> c.peer() != null && "active".equals(c.membership()))
                .collect(Collectors.toMap(c -> Long.parseLong(c.peer().id()), c -> c, (a, b) -> a));
        return profiles.stream().map(p -> new Friend(p, since.get(p.id()),
                presences.getOrDefault(p.id(), Presence.hidden(p.id())), chatsByPeer.get(p.id()))).toList();
    }

    private Relationships relationships(long me) {
        return new Relationships(me,
                friends.friends(me).stream().map(Friendship::friendId).collect(Collectors.toSet()),
                friends.outgoing(me).stream().map(FriendRequest::toUser).collect(Collectors.toSet()),
                friends.incoming(me).stream().map(FriendRequest::fromUser).collect(Collectors.toSet()),
                Set.copyOf(friends.blockedByMe(me)));
    }

    private record Relationships(long me, Set<Long> friends, Set<Long> sent, Set<Long> received, Set<Long> blocked) {
        Relationship of(long other) {
            if (other == me) {
                return Relationship.SELF;
            }
            if (blocked.contains(other)) {
                return Relationship.BLOCKED;
            }
            if (friends.contains(other)) {
                return Relationship.FRIEND;
            }
            if (sent.contains(other)) {
                return Relationship.REQUEST_SENT;
            }
            return received.contains(other) ? Relationship.REQUEST_RECEIVED : Relationship.NONE;
        }
    }

    private static String checkQuery(String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > MAX_QUERY) {
            throw ProblemException.badRequest("invalid-query", "Search for 1 to " + MAX_QUERY + " characters");
        }
        return q;
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int offset = Integer.parseInt(text.substring(2));
            if (!text.startsWith("o:") || offset < 0 || offset > 10_000) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-cursor", "The cursor is not one this server gave out");
        }
    }
}
