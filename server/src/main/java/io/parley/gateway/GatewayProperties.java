package io.parley.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param heartbeat      how often clients ping
 * @param idleTimeout    a socket silent for this long is dead and closed
 * @param maxFrameBytes  the largest frame a client may send (answered with an error frame beyond)
 * @param outboundFrames how many frames may wait for a slow client before it is cut off
 * @param outboundBytes  how many bytes may wait for a slow client before it is cut off
 */
@ConfigurationProperties("parley.gateway")
record GatewayProperties(
        @DefaultValue("25s") Duration heartbeat,
        @DefaultValue("75s") Duration idleTimeout,
        @DefaultValue("65536") int maxFrameBytes,
        @DefaultValue("2000") int outboundFrames,
        @DefaultValue("2097152") long outboundBytes) {
}
