package io.parley.user;

/** What others see of a user. {@code avatarKey} is null when there is no avatar. */
public record PublicProfile(long id, String parleyId, String displayName, String introduction, String avatarKey) {
}
