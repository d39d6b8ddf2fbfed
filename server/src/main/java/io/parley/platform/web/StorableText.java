package io.parley.platform.web;

/**
 * The edge's one rule for text: refuse what PostgreSQL cannot store as given. It refuses U+0000
 * (an error that would fail a whole batch of writes) and refuses half a surrogate pair (stored
 * silently as "?", so the stored text would differ from the text the answer showed). Emoji
 * (whole pairs), CJK and every other character pass.
 */
public final class StorableText {
    static final String RULE = "U+0000 or half of a surrogate pair";

    private StorableText() {
    }

    /** Where the first character that cannot be stored is, or -1 when all can. */
    static int firstUnstorable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    public static boolean storable(CharSequence text) {
        return firstUnstorable(text) < 0;
    }
}
