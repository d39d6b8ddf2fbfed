package io.parley.protocol;

import io.parley.platform.security.Caller;

/** Who sent a frame, and how to answer on the socket it came from. The gateway implements it. */
public interface FrameContext {

    Caller caller();

    /** Answers on this socket (possibly later, from another thread). */
    void reply(ServerFrame frame);
}
