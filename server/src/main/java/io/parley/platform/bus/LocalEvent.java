package io.parley.platform.bus;

/**
 * An event for the node that published it only: what it says makes sense nowhere else (frames
 * for this node's gateway to route). Buses that span nodes hand it to this node's subscribers
 * and send it nowhere.
 */
public interface LocalEvent extends BusEvent {
}
