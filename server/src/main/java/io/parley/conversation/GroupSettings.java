package io.parley.conversation;

import io.parley.conversation.GroupPolicy.Action;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.platform.blob.BlobStore;
import io.parley.platform.images.SquarePictures;
import io.parley.platform.text.DisplayText;
import io.parley.platform.web.ProblemException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;

/** What a group looks like and how people find it: name, join mode, picture, group ID. */
@Service
public class GroupSettings {
    static final int MAX_NAME = 80;
    private static final String CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom random = new SecureRandom();

    private final JdbcConversationStore store;
    private final GroupChanges changes;
    private final SquarePictures pictures;
    private final BlobStore blobs;

    GroupSettings(JdbcConversationStore store, GroupChanges changes, SquarePictures pictures, BlobStore blobs) {
        this.store = store;
        this.changes = changes;
        this.pictures = pictures;
        this.blobs = blobs;
    }

    /** Renames the group or changes how people join; null leaves a setting as it is. */
    public Conversation updateGroup(long me, long conversationId, String name, Conversation.JoinMode joinMode) {
        String checkedName = name == null ? null : checkName(name);
        changes.allowed(me, conversationId, Action.EDIT_GROUP);
        return changes.settings(conversationId, (group, now) -> {
            store.updateGroup(conversationId, checkedName == null ? group.name() : checkedName,
                    joinMode == null ? group.joinMode() : joinMode, group.avatarKey(), group.groupCode(), now);
            if (checkedName != null && !checkedName.equals(group.name())) {
                changes.happened(conversationId, me, "group-renamed", List.of(), Map.of("name", checkedName));
            }
        });
    }

    public Conversation setAvatar(long me, long conversationId, InputStreamSource upload) {
        changes.allowed(me, conversationId, Action.CHANGE_PICTURE);
        Map<Integer, byte[]> rendered = pictures.render(me, upload);
        String key = "groups/" + conversationId + "/" + HexFormat.of().formatHex(randomBytes(12));
        rendered.forEach((size, jpeg) -> blobs.put(key + "/" + size + ".jpg", jpeg, "image/jpeg"));
        return replaceAvatar(me, conversationId, key);
    }

    public Conversation removeAvatar(long me, long conversationId) {
        changes.allowed(me, conversationId, Action.CHANGE_PICTURE);
        return replaceAvatar(me, conversationId, null);
    }

    private Conversation replaceAvatar(long me, long conversationId, String key) {
        String[] old = new String[1];
        Conversation updated = changes.settings(conversationId, (group, now) -> {
            old[0] = group.avatarKey();
            store.updateGroup(conversationId, group.name(), group.joinMode(), key, group.groupCode(), now);
            changes.happened(conversationId, me, key == null ? "group-photo-removed" : "group-photo-changed", List.of(), Map.of());
        });
        if (old[0] != null && !old[0].equals(key)) {
            for (int size : SquarePictures.SIZES) {
                blobs.delete(old[0] + "/" + size + ".jpg");
            }
        }
        return updated;
    }

    /** A group's picture for serving, by the parts of its URL {@code groups/<id>/<token>/<size>.jpg}. */
    public Optional<BlobStore.Blob> groupPicture(String groupId, String token, int size) {
        for (int allowed : SquarePictures.SIZES) {
            if (allowed == size) {
                return blobs.get("groups/" + groupId + "/" + token + "/" + size + ".jpg");
            }
        }
        return Optional.empty();
    }

    /** A new group ID; the old one stops working. */
    public Conversation regenerateCode(long me, long conversationId) {
        changes.allowed(me, conversationId, Action.REGENERATE_GROUP_ID);
        return changes.settings(conversationId, (group, now) ->
                store.updateGroup(conversationId, group.name(), group.joinMode(), group.avatarKey(), newCode(), now));
    }

    /** Cleaned by {@link DisplayText#line}, as people's names are. */
    static String checkName(String name) {
        String cleaned = name == null ? null : DisplayText.line(name);
        if (cleaned == null || cleaned.codePointCount(0, cleaned.length()) > MAX_NAME) {
            throw ProblemException.badRequest("invalid-group-name",
                    "A group name is 1 to " + MAX_NAME + " visible characters on one line");
        }
        return cleaned;
    }

    static String newCode() {
        StringBuilder code = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
