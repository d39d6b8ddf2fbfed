package io.parley.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Process-wide settings.
 *
 * @param dataDir where the embedded default keeps its state (database, keys, blobs)
 * @param nodeId  this node's number (0-1023), part of every generated id; unique per node
 */
@ConfigurationProperties("parley")
public record ParleyProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("0") int nodeId) {
    public ParleyProperties {
        if (nodeId < 0 || nodeId > 1023) {
            throw new IllegalArgumentException("parley.node-id must be within 0..1023, was " + nodeId);
        }
    }
}
