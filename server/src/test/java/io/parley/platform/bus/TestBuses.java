package io.parley.platform.bus;

/** The in-process bus for unit tests of other packages (its class is package-private). */
public final class TestBuses {
    private TestBuses() {
    }

    /** A bus on two lanes; stop it with {@link #stop(EventBus)}. */
    public static EventBus inProcess() {
        return new InProcessEventBus(2);
    }

    public static void stop(EventBus bus) throws InterruptedException {
        ((InProcessEventBus) bus).destroy();
    }
}
