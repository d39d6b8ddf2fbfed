package io.parley.directory;

import io.parley.conversation.ConversationService;
import io.parley.friend.FriendService;
import io.parley.platform.web.ProblemException;
import io.parley.user.PublicProfile;
import io.parley.user.SearchText;
import io.parley.user.UserService;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Names and pictures for the people an app has met in its conversations (a group message from
 * someone who is not a friend), many at once: the app asks once per batch of unknown senders, not
 * once per message. Only people the caller could already know are answered: themselves, friends,
 * and anyone who is or was in a conversation with them. Ids outside that are left out silently, so
 * the answer tells nothing about them. A block changes nothing here (as in search): the blocked
 * person must not be able to tell.
 */
@Service
public class PeopleLookup {
    public static final int MAX_IDS = 100;

    private final UserService users;
    private final FriendService friends;
    private final ConversationService conversations;

    PeopleLookup(UserService users, FriendService friends, ConversationService conversations) {
        this.users = users;
        this.friends = friends;
        this.conversations = conversations;
    }

    public List<PublicProfile> lookup(long me, Collection<Long> ids) {
        Set<Long> asked = new LinkedHashSet<>(ids);
        if (asked.size() > MAX_IDS) {
            throw ProblemException.badRequest("too-many-ids", "Ask for at most " + MAX_IDS + " people at once");
        }
        Set<Long> known = new HashSet<>();
        if (asked.remove(me)) {
            known.add(me);
        }
        Set<Long> friendIds = new HashSet<>();
        friends.friends(me).forEach(f -> friendIds.add(f.friendId()));
        asked.stream().filter(friendIds::contains).forEach(known::add);
        asked.removeAll(known);
        known.addAll(conversations.sharingAConversation(me, asked));
        return users.profiles(known).values().stream()
                .sorted(Comparator.comparing((PublicProfile p) -> SearchText.normalize(p.displayName()))
                        .thenComparing(PublicProfile::id))
                .toList();
    }
}
