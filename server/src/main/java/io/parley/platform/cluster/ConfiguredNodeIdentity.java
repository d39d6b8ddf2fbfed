package io.parley.platform.cluster;

/** The number set in {@code parley.node-id}: one node, or nodes numbered by hand. */
public record ConfiguredNodeIdentity(int nodeId) implements NodeIdentity {
    public ConfiguredNodeIdentity {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("a node id is within 0.." + MAX_NODE_ID + ", was " + nodeId);
        }
    }
}
