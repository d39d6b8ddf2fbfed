package io.parley.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param registry where presence is kept: {@code in-memory} (one node; the default) or
 *                 {@code redis} (shared by all nodes). The selector sits beside the other presence
 *                 keys, so one YAML block can set them all.
 * @param grace    how long someone with no socket left still counts as online: a reconnect within
 *              it (a network change, a reload) is not shown to friends as offline-online
 * @param lease    (redis) how long a node's record of a socket lasts unless the node renews it (it
 *                 does every third of this): a dead node's users go offline this long after it died
 */
@ConfigurationProperties("parley.presence")
record PresenceProperties(@DefaultValue("in-memory") Registry registry, @DefaultValue("10s") Duration grace,
        @DefaultValue("20s") Duration lease) {

    enum Registry {
        IN_MEMORY,
        REDIS
    }
}
