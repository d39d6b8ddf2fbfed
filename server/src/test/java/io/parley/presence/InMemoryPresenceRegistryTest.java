package io.parley.presence;

class InMemoryPresenceRegistryTest extends PresenceRegistryContract {

    @Override
    protected PresenceRegistry newRegistry() {
        return new InMemoryPresenceRegistry(NODE);
    }
}
