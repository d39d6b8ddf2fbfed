package io.parley.presence;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Who is connected, across nodes. In memory for one node; a shared store (Redis) when several
 * nodes must agree. Never a database write per heartbeat.
 */
public interface PresenceRegistry {

    /**
     * Records a socket by its key (unique per socket); answers true when the user had none
     * anywhere (they just came online). Recording a key again changes nothing.
     */
    boolean connected(long userId, String connectionKey);

    /**
     * Forgets a socket; answers true when this removed the user's last one anywhere. A key not
     * recorded (never connected, or forgotten already) changes nothing and answers false.
     */
    boolean disconnected(long userId, String connectionKey);

    boolean isOnline(long userId);

    /** Those of the users who are online. */
    Set<Long> online(Collection<Long> userIds);

    /**
     * Where the users are connected: for each of them who holds a live socket, the numbers of the
     * nodes holding one ({@link io.parley.platform.cluster.NodeIdentity}); users with none are left
     * out. One round trip for the lot. The gateway routes frames by it.
     */
    Map<Long, Set<Integer>> nodesOf(Collection<Long> userIds);

    /**
     * Takes up to {@code max} users whose sockets all ended without a close being heard (their node
     * died or stopped) once their last lease ran out: each such user is answered once, to whichever
     * node asks first, which announces them offline. A user whose last socket closed normally is
     * never among them (the node that heard the close announces it).
     */
    Set<Long> lapsed(int max);
}
