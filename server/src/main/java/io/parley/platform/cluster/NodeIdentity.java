package io.parley.platform.cluster;

/**
 * This node's number, 0..1023: part of every generated id and the name other nodes reach it by.
 * Configured by hand for one node ({@link ConfiguredNodeIdentity}), or leased from Redis by each
 * of many nodes ({@link RedisNodeIdentity}). Known before any id is generated, fixed for the
 * node's life.
 */
public interface NodeIdentity {
    int MAX_NODE_ID = 1023;

    int nodeId();
}
