package io.parley.platform.bus;

import java.util.Map;

/** The bus contract on a real Kafka broker: one node, its own topics for each test. */
class KafkaEventBusIT extends EventBusContract {

    @Override
    protected EventBus newBus() {
        return TestKafka.newBus(TestKafka.uniquePrefix(), Map.of("partitions", "4", "lanes", "4"));
    }

    @Override
    protected void close(EventBus bus) throws Exception {
        ((KafkaEventBus) bus).destroy();
    }
}
