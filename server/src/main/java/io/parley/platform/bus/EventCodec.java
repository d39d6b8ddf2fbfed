package io.parley.platform.bus;

import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as they travel between nodes: JSON, {@code {"type": "<class name>", "event": {...}}}.
 * A reader turns back into objects only the types its node's listeners registered for, never a
 * class merely named in the bytes. Its own mapper, not the web's: the web's rules for what a
 * client sends (strict scalars, storable strings) are not this format's.
 */
final class EventCodec {
    private final JsonMapper json = JsonMapper.builder()
            // A node of the next version may add a field; this one reads what it knows.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] encode(BusEvent event) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("type", event.getClass().getName());
        envelope.set("event", json.valueToTree(event));
        return json.writeValueAsBytes(envelope);
    }

    /**
     * The event in {@code bytes}, or empty if its type is none that {@code accepted} knows.
     *
     * @throws IllegalArgumentException if the bytes are no event of the type they name
     */
    Optional<BusEvent> decode(byte[] bytes, Function<String, Optional<Class<? extends BusEvent>>> accepted) {
        try {
            JsonNode envelope = json.readTree(bytes);
            JsonNode type = envelope.get("type");
            JsonNode event = envelope.get("event");
            if (type == null || !type.isString() || event == null || !event.isObject()) {
                throw new IllegalArgumentException("not an event envelope");
            }
            Optional<Class<? extends BusEvent>> known = accepted.apply(type.stringValue());
            if (known.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(json.treeToValue(event, known.get()));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable event: " + e.getOriginalMessage(), e);
        }
    }
}
