package io.parley.protocol;

/**
 * Handles one kind of client frame. Features provide these as beans; the gateway checks at
 * start-up that every kind of {@link ClientFrame} has exactly one.
 */
public interface FrameHandler<F extends ClientFrame> {

    Class<F> frameType();

    /**
     * Handles a frame. Runs on the socket's reading thread (a virtual thread): quick work, or
     * hand off and answer later through {@link FrameContext#reply}. Throwing a
     * {@code ProblemException} answers with an error frame carrying its code.
     */
    void handle(FrameContext context, F frame);
}
