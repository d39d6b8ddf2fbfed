package io.parley.protocol;

/** URLs of a picture at 128 and 512 pixels. */
public record AvatarView(String small, String large) {

    /** For a blob prefix such as {@code avatars/<user>/<token>}; null when there is no picture. */
    public static AvatarView of(String key) {
        return key == null ? null : new AvatarView("/media/" + key + "/128.jpg", "/media/" + key + "/512.jpg");
    }
}
