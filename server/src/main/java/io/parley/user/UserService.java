package io.parley.user;

import io.parley.platform.blob.BlobStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.images.SquarePictures;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.security.AccountStanding;
import io.parley.platform.text.DisplayText;
import io.parley.platform.web.ProblemException;
import io.parley.user.store.JdbcUserStore;
import io.parley.user.store.JdbcUserStore.ConflictException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Profiles: who someone is (Parley ID, name, introduction, avatar) and finding them. */
@Service
public class UserService {
    static final int MAX_DISPLAY_NAME = 50;
    static final int MAX_INTRODUCTION = 500;
    private static final SecureRandom random = new SecureRandom();

    private final JdbcUserStore store;
    private final BlobStore blobs;
    private final IdGenerator ids;
    private final Clock clock;
    private final RateLimiter limiter;
    private final SquarePictures pictures;
    private final TransactionTemplate transactions;
    private final TransactionTemplate nested;
    private final EventBus bus;

    UserService(JdbcUserStore store, BlobStore blobs, IdGenerator ids, Clock clock, RateLimiter limiter,
            SquarePictures pictures, TransactionTemplate transactions, EventBus bus) {
        this.store = store;
        this.bus = bus;
        this.blobs = blobs;
        this.ids = ids;
        this.clock = clock;
        this.limiter = limiter;
        this.pictures = pictures;
        this.transactions = transactions;
        // Inside a caller's transaction (sign-up), a clashing made-up Parley ID must not doom it:
        // each attempt gets a savepoint.
        this.nested = new TransactionTemplate(transactions.getTransactionManager());
        this.nested.setPropagationBehavior(TransactionTemplate.PROPAGATION_NESTED);
    }

    /** A new user; with no Parley ID given, one is made up from the email or name (changeable later). */
    public record NewUser(String parleyId, String displayName, String email) {
    }

    /** Edits to one's own profile; a null field stays as it is. */
    public record ProfileChanges(String parleyId, String displayName, String introduction) {
    }

    /**
     * Creates the user. Throws {@code email-in-use} if the email belongs to someone already and
     * {@code parley-id-taken} if a chosen Parley ID does.
     */
    public User create(NewUser request) {
        String displayName = checkDisplayName(request.displayName());
        Instant now = clock.instant();
        for (int attempt = 0; ; attempt++) {
            String parleyId = request.parleyId() != null ? ParleyIds.requireValid(request.parleyId())
                    : ParleyIds.suggest(request.email(), displayName, attempt);
            User user = new User(ids.next(), parleyId, displayName, "", null, request.email(), UserStatus.ACTIVE, now, now);
            try {
                nested.executeWithoutResult(status -> store.insert(user, searchName(user), grams(user)));
                return user;
            } catch (ConflictException e) {
                if (e.conflict() == JdbcUserStore.Conflict.EMAIL) {
                    throw ProblemException.conflict("email-in-use", "An account with this email already exists");
                }
                if (request.parleyId() != null) {
                    throw parleyIdTaken();
                }
                if (attempt >= 20) {
                    throw new IllegalStateException("Could not find a free Parley ID for a new user");
                }
            }
        }
    }

    /** Checks a new user's name and chosen Parley ID without creating it (a sign-up waiting for its email). */
    public void checkNewUser(NewUser request) {
        checkDisplayName(request.displayName());
        if (request.parleyId() != null) {
            ParleyIds.requireValid(request.parleyId());
        }
    }

    public User get(long userId) {
        return store.find(userId).orElseThrow(UserService::userNotFound);
    }

    public Optional<User> find(long userId) {
        return store.find(userId);
    }

    public Optional<User> findByEmail(String email) {
        return store.findByEmail(email);
    }

    public Optional<User> findByParleyId(String parleyId) {
        return ParleyIds.isWellFormed(parleyId) ? store.findByParleyId(parleyId) : Optional.empty();
    }

    public PublicProfile publicProfile(long userId) {
        return get(userId).publicProfile();
    }

    public Map<Long, PublicProfile> profiles(Collection<Long> userIds) {
        return store.profiles(userIds).stream().collect(Collectors.toMap(PublicProfile::id, Function.identity()));
    }

    /** The account's standing as stored (status, suspension end, reason). */
    public AccountStanding standing(long userId) {
        return store.standing(userId).orElseThrow(UserService::userNotFound);
    }

    /** Every account that is not active, by user id. */
    public Map<Long, AccountStanding> notActive() {
        return store.notActive();
    }

    /** Stores a new standing; announcing it and ending sessions is the caller's (account's) part. */
    public void setStanding(long userId, AccountStanding standing) {
        if (!store.setStanding(userId, standing, clock.instant())) {
            throw userNotFound();
        }
    }

    /** Drops the user's claim on their email address (a verified account of the same address took it). */
    public void releaseEmail(long userId) {
        store.releaseEmail(userId, clock.instant());
    }

    @Transactional
    public User updateProfile(long userId, ProfileChanges changes) {
        User current = store.findForUpdate(userId).orElseThrow(UserService::userNotFound);
        String parleyId = current.parleyId();
        if (changes.parleyId() != null && !changes.parleyId().equals(current.parleyId())) {
            parleyId = ParleyIds.requireValid(changes.parleyId());
            limiter.acquire("parley-id-change", Long.toString(userId));
        }
        String displayName = changes.displayName() == null ? current.displayName() : checkDisplayName(changes.displayName());
        String introduction = changes.introduction() == null ? current.introduction() : checkIntroduction(changes.introduction());
        User updated = new User(userId, parleyId, displayName, introduction, current.avatarKey(), current.email(),
                current.status(), current.createdAt(), clock.instant());
        try {
            store.update(updated, searchName(updated), grams(updated));
        } catch (ConflictException e) {
            throw parleyIdTaken();
        }
        return updated;
    }

    public PresenceVisibility presenceVisibility(long userId) {
        return PresenceVisibility.parse(store.presenceVisibility(userId).orElseThrow(UserService::userNotFound));
    }

    /** Who sees the user's online status and last seen; a change is published (presence acts on it). */
    public void setPresenceVisibility(long userId, PresenceVisibility visibility) {
        if (store.setPresenceVisibility(userId, visibility.wire())) {
            bus.publish(new PresenceVisibilityChanged(userId, visibility));
        }
    }

    /** Those of the users who share their online status with nobody. */
    public java.util.Set<Long> hidingPresence(Collection<Long> userIds) {
        return java.util.Set.copyOf(store.hidingPresence(userIds));
    }

    /** Replaces the avatar; the old pictures are deleted once the new ones are in place. */
    public User setAvatar(long userId, InputStreamSource upload) {
        Map<Integer, byte[]> rendered = pictures.render(userId, upload);
        String key = "avatars/" + userId + "/" + HexFormat.of().formatHex(randomBytes(12));
        rendered.forEach((size, jpeg) -> blobs.put(key + "/" + size + ".jpg", jpeg, "image/jpeg"));
        return replaceAvatarKey(userId, key);
    }

    public User removeAvatar(long userId) {
        return replaceAvatarKey(userId, null);
    }

    private User replaceAvatarKey(long userId, String key) {
        User[] previous = new User[1];
        User updated = transactions.execute(status -> {
            User current = store.findForUpdate(userId).orElseThrow(UserService::userNotFound);
            previous[0] = current;
            User next = new User(userId, current.parleyId(), current.displayName(), current.introduction(), key,
                    current.email(), current.status(), current.createdAt(), clock.instant());
            store.update(next, searchName(next), grams(next));
            return next;
        });
        String old = previous[0].avatarKey();
        if (old != null && !old.equals(key)) {
            for (int size : SquarePictures.SIZES) {
                blobs.delete(old + "/" + size + ".jpg");
            }
        }
        return updated;
    }

    /** The stored avatar picture, for serving: {@code avatars/<user>/<token>/<size>.jpg}. */
    public Optional<BlobStore.Blob> avatarPicture(String key, int size) {
        for (int allowed : SquarePictures.SIZES) {
            if (allowed == size) {
                return blobs.get(key + "/" + size + ".jpg");
            }
        }
        return Optional.empty();
    }

    /**
     * Users whose Parley ID or display name contains the query, best first.
     *
     * @param within  only these users, or null for the whole directory
     * @param exclude never these users
     */
    public List<PublicProfile> search(String query, Collection<Long> within, Collection<Long> exclude,
            int offset, int limit) {
        String normalized = SearchText.normalize(query == null ? "" : query);
        if (normalized.isEmpty()) {
            return List.of();
        }
        List<String> grams = SearchText.length(normalized) >= 2 ? SearchText.bigrams(normalized) : List.of();
        return store.search(normalized, grams, within == null ? null : within.toArray(Long[]::new),
                exclude.toArray(Long[]::new), offset, limit);
    }

    static String searchName(User user) {
        return SearchText.normalize(user.displayName());
    }

    static List<String> grams(User user) {
        return SearchText.bigrams(user.parleyId().toLowerCase(java.util.Locale.ROOT), searchName(user));
    }

    /** Cleaned by {@link DisplayText#line}: no invisible or direction-control characters. */
    static String checkDisplayName(String name) {
        String cleaned = name == null ? null : DisplayText.line(name);
        if (cleaned == null || SearchText.length(cleaned) > MAX_DISPLAY_NAME) {
            throw ProblemException.badRequest("invalid-display-name",
                    "A display name is 1 to " + MAX_DISPLAY_NAME + " visible characters on one line");
        }
        return cleaned;
    }

    static String checkIntroduction(String introduction) {
        String cleaned = DisplayText.lines(introduction);
        if (cleaned == null || SearchText.length(cleaned) > MAX_INTRODUCTION) {
            throw ProblemException.badRequest("invalid-introduction",
                    "An introduction is at most " + MAX_INTRODUCTION + " characters");
        }
        return cleaned;
    }

    private static ProblemException userNotFound() {
        return ProblemException.notFound("user-not-found", "No such user");
    }

    private static ProblemException parleyIdTaken() {
        return ProblemException.conflict("parley-id-taken", "That Parley ID is already taken");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
