package io.parley.friend;

import io.parley.friend.store.JdbcFriendStore;
import io.parley.platform.bus.EventBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FriendConfiguration {

    /** The stored relations with a cache in front. */
    @Bean
    Relations relations(JdbcFriendStore store, EventBus bus) {
        return new CachingRelations(new StoredRelations(store), bus);
    }
}
