package io.parley.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param registry where presence is kept: {@code in-memory} (one node; the default). The selector
 *                 sits beside the other presence keys, so one YAML block can set them all.
 * @param grace    how long someone with no socket left still counts as online: a reconnect within
 *              it (a network change, a reload) is not shown to friends as offline-online
 */
@ConfigurationProperties("parley.presence")
record PresenceProperties(@DefaultValue("in-memory") Registry registry, @DefaultValue("10s") Duration grace) {

    enum Registry {
        IN_MEMORY
    }
}
