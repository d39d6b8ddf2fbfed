package io.parley.platform.bus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Listeners by the exact class of event they registered for. */
final class Listeners {
    private final Map<Class<?>, List<Consumer<Object>>> byType = new ConcurrentHashMap<>();
    private final Map<String, Class<? extends BusEvent>> typesByName = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    void add(Class<? extends BusEvent> type, Consumer<?> listener) {
        typesByName.put(type.getName(), type);
        byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add((Consumer<Object>) listener);
    }

    /** The listeners of exactly this class (none for its subclasses or interfaces). */
    List<Consumer<Object>> of(Class<?> type) {
        return byType.getOrDefault(type, List.of());
    }

    boolean any(Class<?> type) {
        return !of(type).isEmpty();
    }

    /** A type some listener registered for, by its class name: what may be read from another node. */
    Optional<Class<? extends BusEvent>> type(String name) {
        return Optional.ofNullable(typesByName.get(name));
    }
}
