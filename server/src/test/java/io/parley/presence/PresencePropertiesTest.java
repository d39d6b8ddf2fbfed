package io.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;

/** Presence is configured in one YAML block: which registry, and how long a reconnect may take. */
class PresencePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PresenceProperties.class)
    @Import(InMemoryPresenceRegistry.class)
    static class Presence {
    }

    private static ApplicationContextRunner withYaml(String file) {
        return new ApplicationContextRunner().withUserConfiguration(Presence.class).withInitializer(context -> {
            try {
                new YamlPropertySourceLoader().load(file, new ClassPathResource(file))
                        .forEach(source -> context.getEnvironment().getPropertySources().addFirst(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void oneYamlBlockSetsBothTheRegistryAndTheGrace() {
        withYaml("presence/registry-and-grace.yml").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(InMemoryPresenceRegistry.class);
            PresenceProperties properties = context.getBean(PresenceProperties.class);
            assertThat(properties.registry()).isEqualTo(PresenceProperties.Registry.IN_MEMORY);
            assertThat(properties.grace()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void anUnknownRegistryIsRefusedAtStartInsteadOfIgnored() {
        withYaml("presence/unknown-registry.yml").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void nothingConfiguredMeansInMemoryAndTenSeconds() {
        new ApplicationContextRunner().withUserConfiguration(Presence.class).run(context -> {
            assertThat(context).hasSingleBean(InMemoryPresenceRegistry.class);
            assertThat(context.getBean(PresenceProperties.class).grace()).isEqualTo(Duration.ofSeconds(10));
        });
    }
}
