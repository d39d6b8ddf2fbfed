package io.parley.platform.bus;

class InProcessEventBusTest extends EventBusContract {

    @Override
    protected EventBus newBus() {
        return new InProcessEventBus(4);
    }

    @Override
    protected void close(EventBus bus) throws Exception {
        ((InProcessEventBus) bus).destroy();
    }
}
