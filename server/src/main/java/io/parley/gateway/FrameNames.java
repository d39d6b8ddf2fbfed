package io.parley.gateway;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.HashMap;
import java.util.Map;

/** The protocol's name of each frame type ("send", "message"): what metrics and spans call them. */
final class FrameNames {
    private FrameNames() {
    }

    /** For each type {@code frames} permits, its name in {@code @JsonSubTypes}; every one must have one. */
    static Map<Class<?>, String> of(Class<?> frames) {
        Map<Class<?>, String> names = new HashMap<>();
        for (JsonSubTypes.Type type : frames.getAnnotation(JsonSubTypes.class).value()) {
            names.put(type.value(), type.name());
        }
        for (Class<?> permitted : frames.getPermittedSubclasses()) {
            if (!names.containsKey(permitted)) {
                throw new IllegalStateException(permitted.getSimpleName() + " has no type name");
            }
        }
        return Map.copyOf(names);
    }

    /** The names with a prefix: span names made once, not per frame. */
    static Map<Class<?>, String> of(Class<?> frames, String prefix) {
        Map<Class<?>, String> names = new HashMap<>();
        of(frames).forEach((type, name) -> names.put(type, prefix + name));
        return Map.copyOf(names);
    }
}
