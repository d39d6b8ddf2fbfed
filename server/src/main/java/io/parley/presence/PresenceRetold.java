package io.parley.presence;

import io.parley.platform.bus.BusEvent;

/**
 * One person's presence to be told to one viewer (new friends, a block, an unblock), keyed by the
 * person like their own presence changes: so the frames about one person reach a viewer in the
 * order the changes happened, whichever nodes handle the events that caused them.
 *
 * @param hidden tell "hidden" (a block), not the presence as it is when handled
 */
public record PresenceRetold(long subjectId, long viewerId, boolean hidden) implements BusEvent {

    @Override
    public long routingKey() {
        return subjectId;
    }
}
