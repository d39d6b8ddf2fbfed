package io.parley.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose.yaml, checked without a Docker engine (none runs here): read as Compose reads it,
 * variables filled in from deploy/.env.example, and held to what the nodes and nginx need: every
 * service there, every variable the prod and cluster profiles read set, every variable documented,
 * health checks and start order, and nginx's upstreams (rendered by its own entrypoint from the
 * real template) naming exactly the node services.
 */
class ComposeFileTest {
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    private static final List<String> NODES = List.of("parley-1", "parley-2", "parley-3");
    private static final List<String> BACKING = List.of("postgres", "redis", "kafka");

    private static Path deploy;
    private static String raw;
    private static Map<String, String> example;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void read() throws IOException {
        Path repo = Path.of(System.getProperty("parley.repo", "../..")).toAbsolutePath().normalize();
        deploy = repo.resolve("deploy");
        raw = Files.readString(deploy.resolve("compose.yaml"));
        example = envFile(deploy.resolve(".env.example"));
        compose = map(interpolated(new Yaml().load(raw), example));
        services = map(compose.get("services"));
    }

    @Test
    void every_part_of_the_cluster_is_a_service() {
        assertThat(services).containsKeys("postgres", "redis", "kafka", "parley-1", "parley-2", "parley-3", "nginx",
                "app-files");
    }

    @Test
    void every_variable_is_documented_in_the_env_example_and_every_documented_one_is_used() {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(raw);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(example.keySet()).as("documented in .env.example").containsAll(used);
        assertThat(used).as("used by compose.yaml").containsAll(example.keySet());
        // No real secret in the example: the secrets are left for the operator to fill in.
        assertThat(example.get("PARLEY_DB_PASSWORD")).isEmpty();
        assertThat(example.get("PARLEY_SIGNING_KEY")).isEmpty();
    }

    @Test
    void the_secrets_are_required_so_compose_refuses_to_start_without_them() {
        for (String secret : List.of("PARLEY_DB_PASSWORD", "PARLEY_SIGNING_KEY")) {
            assertThat(raw).contains("${" + secret + ":?");
            assertThat(raw).doesNotContain("${" + secret + ":-", "${" + secret + "}");
        }
    }

    @Test
    void every_node_runs_prod_and_cluster_with_every_variable_those_profiles_read() throws IOException {
        Path resources = deploy.resolveSibling("server/src/main/resources");
        Set<String> needed = new LinkedHashSet<>();
        for (String profile : List.of("application-prod.yml", "application-cluster.yml")) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(resources.resolve(profile)));
            while (m.find()) {
                needed.add(m.group(1));
            }
        }
        assertThat(needed).contains("PARLEY_DB_URL", "PARLEY_SIGNING_KEY", "PARLEY_REDIS_URL", "PARLEY_KAFKA_SERVERS");
        for (String node : NODES) {
            Map<String, String> env = environment(node);
            assertThat(env).as(node).containsKeys(needed.toArray(String[]::new));
            assertThat(env.values()).as(node + ": every value set").doesNotContainNull();
            assertThat(env.get("SPRING_PROFILES_ACTIVE").split(",")).as(node).contains("prod", "cluster");
            assertThat(env).as(node + " is configured as the others").isEqualTo(environment(NODES.getFirst()));
        }
    }

    @Test
    void the_nodes_reach_postgres_redis_and_kafka_by_their_service_names_and_ports() {
        Map<String, String> env = environment(NODES.getFirst());
        URI database = URI.create(env.get("PARLEY_DB_URL").substring("jdbc:".length()));
        assertThat(database.getHost()).isEqualTo("postgres");
        assertThat(database.getPort()).isEqualTo(5432);
        assertThat(database.getPath()).isEqualTo("/" + environment("postgres").get("POSTGRES_DB"));
        assertThat(env.get("PARLEY_DB_USER")).isEqualTo(environment("postgres").get("POSTGRES_USER"));
        assertThat(env.get("PARLEY_DB_PASSWORD")).isEqualTo(environment("postgres").get("POSTGRES_PASSWORD"));

        URI redis = URI.create(env.get("PARLEY_REDIS_URL"));
        assertThat(redis.getHost()).isEqualTo("redis");
        assertThat(redis.getPort()).isEqualTo(6379);

        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                .isEqualTo("PLAINTEXT://" + env.get("PARLEY_KAFKA_SERVERS"));
        assertThat(environment("kafka").get("KAFKA_LISTENERS")).contains("PLAINTEXT://:"
                + env.get("PARLEY_KAFKA_SERVERS").split(":")[1]);
    }

    @Test
    void only_nginx_publishes_ports_on_the_same_numbers_it_listens_on() {
        services.forEach((name, service) -> {
            if (!name.equals("nginx")) {
                assertThat(map(service)).as(name).doesNotContainKey("ports");
            }
        });
        Map<String, String> env = environment("nginx");
        assertThat(list(service("nginx").get("ports"))).containsExactlyInAnyOrder(
                env.get("PARLEY_HTTP_PORT") + ":" + env.get("PARLEY_HTTP_PORT"),
                env.get("PARLEY_HTTPS_PORT") + ":" + env.get("PARLEY_HTTPS_PORT"));
    }

    @Test
    void every_long_running_service_has_a_health_check_and_starts_after_what_it_needs() {
        services.forEach((name, service) -> {
            if (!name.equals("app-files")) {
                assertThat(map(map(service).get("healthcheck"))).as(name + " healthcheck").containsKey("test");
            }
        });
        for (String node : NODES) {
            assertThat(dependsOn(node)).as(node).isEqualTo(BACKING.stream()
                    .collect(Collectors.toMap(s -> s, s -> "service_healthy", (a, b) -> a, LinkedHashMap::new)));
            assertThat(service(node).get("stop_grace_period")).as(node + ": longer than the 30 s graceful shutdown")
                    .satisfies(grace -> assertThat(seconds(grace.toString())).isGreaterThan(30));
        }
        Map<String, String> nginx = dependsOn("nginx");
        assertThat(nginx).containsEntry("app-files", "service_completed_successfully");
        NODES.forEach(node -> assertThat(nginx).containsEntry(node, "service_healthy"));
        // Whatever is waited for as healthy can be.
        services.keySet().forEach(name -> dependsOn(name).forEach((target, condition) -> {
            assertThat(services).as(name + " depends on").containsKey(target);
            if (condition.equals("service_healthy")) {
                assertThat(service(target)).as(target).containsKey("healthcheck");
            }
        }));
    }

    @Test
    void the_nodes_share_one_data_volume_and_every_named_volume_is_declared() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        for (String node : NODES) {
            assertThat(list(service(node).get("volumes"))).as(node).containsExactly("parley-data:/var/lib/parley");
        }
        services.forEach((name, service) -> list(map(service).get("volumes")).forEach(volume -> {
            String source = volume.toString().split(":")[0];
            if (source.startsWith(".")) {
                if (!source.equals("./tls")) { // the operator's certificate, not in the repository
                    assertThat(deploy.resolve(source)).as(name + " mounts").exists();
                }
            } else {
                assertThat(declared).as(name + " mounts a declared volume").contains(source);
            }
        }));
        Map<String, Object> build = map(service(NODES.getFirst()).get("build"));
        assertThat(deploy.resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString()))
                .exists();
        // app-files copies the app out of the nodes' image: the same image, built the same way.
        assertThat(service("app-files").get("image")).isEqualTo(service(NODES.getFirst()).get("image"));
        assertThat(service("app-files").get("build")).isEqualTo(build);
    }

    @Test
    void nginx_sends_to_exactly_the_node_services_through_the_rendered_template() throws IOException {
        Map<String, String> env = environment("nginx");
        List<String> upstreams = Arrays.asList(env.get("PARLEY_NODES").split(" "));
        assertThat(upstreams).containsExactlyElementsOf(NODES.stream()
                .map(node -> node + ":" + environment(node).get("SERVER_PORT")).toList());

        // The entrypoint nginx runs, on the template deploy/cluster renders too.
        Path conf = Files.createTempFile("parley-nginx", ".conf");
        try {
            Podman.check(Duration.ofSeconds(30), List.of("env", "PARLEY_NODES=" + env.get("PARLEY_NODES"),
                    "PARLEY_HTTPS_PORT=" + env.get("PARLEY_HTTPS_PORT"),
                    "PARLEY_NGINX_TEMPLATE=" + deploy.resolve("nginx/parley.conf.template"),
                    "PARLEY_NGINX_CONF=" + conf, "sh", deploy.resolve("nginx/compose-entrypoint.sh").toString(),
                    "render"));
            String rendered = Files.readString(conf);
            assertThat(rendered).doesNotContain("{{");
            assertThat(rendered.lines().map(String::strip).filter(line -> line.startsWith("server ")
                    && line.contains("max_fails")).map(line -> line.split("\\s+")[1]))
                    .containsExactlyElementsOf(upstreams);
            assertThat(rendered).contains("listen *:" + env.get("PARLEY_HTTPS_PORT") + " ssl");
            // The app's files, which app-files copies out of the image, where nginx serves them from.
            assertThat(rendered).contains("root /srv/parley/static;");
            assertThat(list(service("nginx").get("volumes"))).contains("app-files:/srv/parley:ro");
            assertThat(list(service("app-files").get("volumes"))).contains("app-files:/srv/parley");
        } finally {
            Files.deleteIfExists(conf);
        }
    }

    // --- Reading Compose's file as Compose does ---

    /** Compose interpolates the values of the parsed file (so an empty value stays an empty string, not null). */
    private static Object interpolated(Object node, Map<String, String> env) {
        return switch (node) {
            case String text -> interpolate(text, env);
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((key, value) -> out.put(key, interpolated(value, env)));
                yield out;
            }
            case List<?> list -> list.stream().map(item -> interpolated(item, env)).toList();
            case null, default -> node;
        };
    }

    /** Compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}; $$ is a literal $. */
    static String interpolate(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            String operator = m.group(2);
            boolean unset = value == null || (value.isEmpty() && operator != null && operator.startsWith(":"));
            if (unset && operator != null && operator.endsWith("-")) {
                value = m.group(3);
            } else if (unset && operator != null && operator.endsWith("?")) {
                value = "<required:" + m.group(1) + ">"; // the operator fills it in; Compose refuses to start without
            } else if (value == null) {
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString().replace("$$", "$");
    }

    /** A .env file: KEY=value lines, # comments. */
    static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                assertThat(equals).as("a KEY=value line: " + line).isPositive();
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        return values;
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name));
    }

    private static Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(name).get("environment")).forEach((key, value) -> env.put(key, value == null ? null : value.toString()));
        return env;
    }

    private static Map<String, String> dependsOn(String name) {
        Map<String, String> conditions = new LinkedHashMap<>();
        map(service(name).get("depends_on")).forEach((target, how) -> conditions.put(target,
                String.valueOf(map(how).get("condition"))));
        return conditions;
    }

    private static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)([sm])").matcher(duration);
        assertThat(m.matches()).as("a duration in s or m: " + duration).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("m") ? 60 : 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
