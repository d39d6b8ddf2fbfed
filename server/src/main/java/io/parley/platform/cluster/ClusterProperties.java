package io.parley.platform.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this node finds its place among others (beside {@code parley.node-id} of
 * {@link io.parley.platform.ParleyProperties}).
 *
 * @param nodeIds     {@code configured} (the default: {@code parley.node-id}) or {@code redis}
 *                    (each node leases a free number from Redis)
 * @param nodeIdLease (redis) how long a node's number stays taken unless renewed (every third of
 *                    it); the number of a node that died is free again this long after
 * @param routing     {@code in-process} (the default: every socket is on this node) or {@code redis}
 *                    (frames go to the nodes that hold their recipients, over Redis)
 */
@ConfigurationProperties("parley")
public record ClusterProperties(@DefaultValue("configured") NodeIds nodeIds,
        @DefaultValue("15s") Duration nodeIdLease, @DefaultValue("in-process") Routing routing) {

    public enum NodeIds {
        CONFIGURED,
        REDIS
    }

    public enum Routing {
        IN_PROCESS,
        REDIS
    }
}
