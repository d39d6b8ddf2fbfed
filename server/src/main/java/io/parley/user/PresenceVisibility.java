package io.parley.user;

import io.parley.platform.web.ProblemException;
import java.util.Locale;

/**
 * Who sees a user's online status and last seen. NOBODY is reciprocal: who shares theirs with
 * nobody sees no one's.
 */
public enum PresenceVisibility {
    FRIENDS, NOBODY;

    /** As on the wire: "friends" or "nobody". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PresenceVisibility parse(String wire) {
        for (PresenceVisibility visibility : values()) {
            if (visibility.wire().equals(wire)) {
                return visibility;
            }
        }
        throw ProblemException.badRequest("invalid-presence-visibility",
                "presenceVisibility is \"friends\" or \"nobody\"");
    }
}
