package io.parley.image;

import static io.parley.image.Podman.check;
import static io.parley.image.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/Dockerfile, built with podman and started with no configuration at all (the embedded
 * default, as {@code docker run -p 8080:8080 IMAGE} would): the app's page and the API answer from
 * inside it, its health check passes, and it runs as its own user with its data in the volume.
 *
 * <p>No registry is reachable here, so the Java base is a local stand-in (deploy/image/stand-in-base.sh:
 * Debian from debootstrap plus a jlink'd runtime, made once and kept in podman's store), passed as
 * {@code JRE_IMAGE}. The image is built from the {@code prebuilt} target: it packs the jar this build
 * made (server/target/parley-server.jar) rather than building the app and the server again inside
 * the image (the default target; it needs node and Maven images and every dependency downloaded).
 */
class ImageIT {
    private static final String BASE = "localhost/parley-stand-in-jre:25";
    // Names of this run's own: several worktrees may run the test on one machine at once.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "localhost/parley-image-it:" + RUN;
    private static final String CONTAINER = "parley-image-it-" + RUN;
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path repo;
    private static URI base;
    private static boolean built;
    private static boolean started;

    @BeforeAll
    static void buildAndStart() throws IOException {
        boolean podman = Podman.installed();
        if (!podman) {
            System.err.println("ImageIT SKIPPED: podman is not installed (apt-get install podman runc debootstrap)");
        }
        assumeThat(podman).as("podman is not installed: ImageIT skipped (apt-get install podman runc debootstrap)")
                .isTrue();
        repo = Path.of(System.getProperty("parley.repo", "../..")).toAbsolutePath().normalize();
        Path jar = repo.resolve("server/target/parley-server.jar");
        assertThat(jar).as("the server's jar (build the server first)").exists();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("BOOT-INF/classes/static/index.html"))
                    .as(jar + " holds no app (built with -Dskip.client?): the image would serve no web app")
                    .isNotNull();
        }

        if (!podman(Duration.ofSeconds(30), "image", "exists", BASE).ok()) {
            check(Duration.ofMinutes(10), List.of("bash", repo.resolve("deploy/image/stand-in-base.sh").toString(),
                    BASE, System.getProperty("java.home")));
        }
        // runc for the build's RUN steps too (crun, podman's other choice, fails here).
        check(Duration.ofMinutes(5), List.of("podman", "build", "--runtime", "runc", "--pull=never",
                "--format", "docker", "-f", repo.resolve("deploy/Dockerfile").toString(), "--target", "prebuilt",
                "--build-arg", "JRE_IMAGE=" + BASE, "-t", IMAGE, repo.toString()));
        built = true;

        // The host's network (the only one runc offers here without more set-up), so a free port of the
        // host's rather than 8080, which another process may hold. Between the check and the server's bind
        // another process may take it (load generators open thousands of connections): then again.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            base = URI.create("http://127.0.0.1:" + port);
            List<String> run = new ArrayList<>(List.of("podman"));
            run.addAll(Podman.RUNTIME);
            run.addAll(List.of("run", "-d", "--name", CONTAINER, "--network=host",
                    "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=1024:1024",
                    // The check is run by hand below: podman's timer needs systemd, which is absent here.
                    "--health-interval=disable",
                    "-e", "SERVER_PORT=" + port, IMAGE));
            check(Duration.ofMinutes(1), run);
            started = true;
            boolean ready = awaitReadyOrExit() && running();
            String log = ready ? "" : logs();
            if (!ready && attempt < 3 && log.contains("Port " + port + " was already in use")) {
                podman(Duration.ofMinutes(1), "rm", "-f", "-v", CONTAINER);
                continue;
            }
            assertThat(ready).as("the container answers /actuator/health/readiness within %s; its log:\n%s",
                    STARTUP, log).isTrue();
            break;
        }
    }

    @AfterAll
    static void stopAndRemove() {
        if (started) {
            // -v: the anonymous volume of /var/lib/parley too.
            podman(Duration.ofMinutes(1), "rm", "-f", "-v", "-t", "40", CONTAINER);
        }
        if (built) {
            // The base stays for the next run; this image is rebuilt in seconds.
            podman(Duration.ofMinutes(1), "rmi", "-f", IMAGE);
        }
    }

    @Test
    void the_web_app_answers_from_the_container() throws IOException {
        HttpResponse<String> page = get("/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(page.body()).contains("<title>Parley</title>").contains("/_expo/static/js/web/");
    }

    @Test
    void the_api_signs_up_an_account_in_the_embedded_database_and_knows_it_afterwards() throws IOException {
        HttpResponse<String> signUp = post("/api/auth/local/sign-up", Map.of("email", "ann@image.test",
                "password", "correct horse battery", "displayName", "Ann", "parleyId", "ann_image"));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
        String token = JSON.readTree(signUp.body()).at("/accessToken").asString();

        HttpResponse<String> me = get("/api/me", token);

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).at("/parleyId").asString()).isEqualTo("ann_image");
    }

    @Test
    void the_image_health_check_passes_on_a_running_node() throws IOException {
        assertThat(podman(Duration.ofMinutes(1), "healthcheck", "run", CONTAINER).exit())
                .as("podman healthcheck run (the image's HEALTHCHECK)").isZero();
        JsonNode health = JSON.readTree(get("/actuator/health", null).body());
        assertThat(health.at("/status").asString()).isEqualTo("UP");
    }

    @Test
    void it_runs_as_its_own_user_with_the_data_in_the_volume() {
        assertThat(inspect(IMAGE, "{{.Config.User}}")).isEqualTo("parley:parley");
        assertThat(inspect(IMAGE, "{{json .Config.Volumes}}")).contains("/var/lib/parley");
        // Every process, PostgreSQL's included, as uid 10001, none as root.
        assertThat(check(Duration.ofSeconds(30), List.of("podman", "top", CONTAINER, "user")).lines().skip(1)
                .map(String::strip).distinct()).containsExactly("parley");
        // The embedded PostgreSQL and the generated signing key live in the volume, not in the container's layer.
        String volumeData = check(Duration.ofSeconds(30), List.of("podman", "exec", CONTAINER,
                "ls", "/var/lib/parley", "/var/lib/parley/postgres/PG_VERSION"));
        assertThat(volumeData).contains("postgres", "keys", "/var/lib/parley/postgres/PG_VERSION");
        assertThat(check(Duration.ofSeconds(30), List.of("podman", "inspect", "-f",
                "{{range .Mounts}}{{.Destination}} {{end}}", CONTAINER))).contains("/var/lib/parley");
    }

    /** Polls readiness until it answers, the container stops (asked every 2 s: each ask is a podman process), or STARTUP passes. */
    private static boolean awaitReadyOrExit() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        long nextLivenessCheck = 0;
        while (System.nanoTime() < deadline) {
            if (isReady()) {
                return true;
            }
            if (System.nanoTime() > nextLivenessCheck) {
                if (!running()) {
                    return false;
                }
                nextLivenessCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean running() {
        return inspect(CONTAINER, "{{.State.Running}}").equals("true");
    }

    private static boolean isReady() {
        try {
            return get("/actuator/health/readiness", null).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    private static HttpResponse<String> get(String path, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    private static HttpResponse<String> post(String path, Map<String, String> body) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String inspect(String object, String format) {
        return podman(Duration.ofSeconds(30), "inspect", "-f", format, object).output().strip();
    }

    private static String logs() {
        return podman(Duration.ofSeconds(30), "logs", "--tail", "80", CONTAINER).output();
    }

    /** Below the ephemeral range (32768 and up), which outgoing connections draw from. */
    private static int freePort() {
        for (int tries = 0; ; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                if (tries > 100) {
                    throw new IllegalStateException("No free port between 20000 and 32000", taken);
                }
            }
        }
    }
}
