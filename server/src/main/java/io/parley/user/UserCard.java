package io.parley.user;

import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A user as others see them, as JSON. Ids are strings: they are 64-bit and JavaScript numbers
 * are not.
 */
@NullMarked
public record UserCard(String id, String parleyId, String displayName, @Nullable String introduction,
        @Nullable Avatar avatar) {

    public static UserCard of(PublicProfile profile) {
        return new UserCard(Long.toString(profile.id()), profile.parleyId(), profile.displayName(),
                profile.introduction(), Avatar.of(profile.avatarKey()));
    }

    /** URLs of the avatar at 128 and 512 pixels; immutable, so cacheable for ever. */
    public record Avatar(String small, String large) {
        public static Avatar of(String key) {
            return key == null ? null : new Avatar("/media/" + key + "/128.jpg", "/media/" + key + "/512.jpg");
        }
    }
}
