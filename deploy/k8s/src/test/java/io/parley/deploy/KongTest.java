package io.parley.deploy;

import static io.parley.deploy.Kustomize.Yamls.at;
import static io.parley.deploy.Kustomize.Yamls.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.deploy.Kustomize.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/kong/kong.yaml routes as deploy/nginx/parley.conf.template does: every location of the
 * HTTPS server has a Kong route with the same path (and no route is extra), proxying to the same
 * nodes with the same timeouts, or answering as nginx answers; balancing, retries, body size and
 * the redirect to HTTPS agree.
 */
class KongTest {
    private static final Path DEPLOY = Path.of("").toAbsolutePath().getParent();
    /** nginx's default proxy_read_timeout and proxy_send_timeout. */
    private static final Duration NGINX_DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void kongRoutesAsNginxDoes() throws IOException {
        assertThat(differences(nginx(), kong())).isEmpty();
    }

    @Test
    void aDriftBetweenTheTwoIsCaught() throws IOException {
        Map<String, Object> kong = kong();
        Map<String, Object> web = service(kong, "parley");
        Map<String, Object> ws = service(kong, "parley-ws");
        List<Map<String, Object>> routes = list(web, "routes");
        routes.removeIf(r -> r.get("name").equals("media"));
        ws.put("read_timeout", 60_000);
        Map<String, Object> upstream = list(kong, "upstreams").stream().map(u -> (Map<String, Object>) u).findFirst().orElseThrow();
        upstream.put("algorithm", "round-robin");
        Map<String, Object> bundles = routes.stream().filter(r -> r.get("name").equals("bundles")).findFirst().orElseThrow();
        bundles.put("plugins", List.of());

        assertThat(differences(nginx(), kong)).anySatisfy(d -> assertThat(d).contains("/media/"))
                .anySatisfy(d -> assertThat(d).contains("/ws").contains("read_timeout"))
                .anySatisfy(d -> assertThat(d).contains("least-connections"))
                .anySatisfy(d -> assertThat(d).contains("/_expo/").contains("Cache-Control"));
    }

    @Test
    void theEdgeLimitsSocketsAndRequestsPerClientAddress() throws IOException {
        for (String path : List.of("~/ws$", "/api/")) {
            Map<String, Object> limit = plugin(route(kong(), path).orElseThrow(), "rate-limiting").orElseThrow();
            assertThat((String) at(limit, "config", "limit_by")).isEqualTo("ip");
            assertThat(Optional.ofNullable(at(limit, "config", "second")).or(() -> Optional.ofNullable(at(limit, "config", "minute"))))
                    .as(path + ": a limit per second or minute").isPresent();
        }
    }

    /** What Kong does differently from nginx, one line each. */
    static List<String> differences(NginxConfig nginx, Map<String, Object> kong) {
        List<String> found = new ArrayList<>();
        check(found, "_format_version 3.0", "3.0".equals(kong.get("_format_version")));
        NginxConfig http = nginx.first("http").orElseThrow();
        NginxConfig https = http.all("server").stream()
                .filter(s -> s.all("listen").stream().anyMatch(l -> l.args().contains("ssl"))).findFirst().orElseThrow();

        // The upstream: balancing and passive health.
        NginxConfig upstream = http.first("upstream").orElseThrow();
        String upstreamName = upstream.args().getFirst().replace('_', '-');
        Map<String, Object> kongUpstream = list(kong, "upstreams").stream().map(u -> (Map<String, Object>) u)
                .filter(u -> upstreamName.equals(u.get("name"))).findFirst().orElse(null);
        if (kongUpstream == null) {
            found.add("no Kong upstream " + upstreamName);
            return found;
        }
        if (upstream.first("least_conn").isPresent()) {
            check(found, "upstream algorithm least-connections", "least-connections".equals(kongUpstream.get("algorithm")));
        }
        List<String> server = upstream.first("server").orElseThrow().args();
        int maxFails = Integer.parseInt(option(server, "max_fails"));
        Map<String, Object> passive = at(kongUpstream, "healthchecks", "passive", "unhealthy");
        check(found, "passive health: " + maxFails + " tcp and http failures", passive != null
                && Objects.equals(passive.get("tcp_failures"), maxFails) && Objects.equals(passive.get("http_failures"), maxFails));
        check(found, "a node is tried again after fail_timeout", Objects.equals(
                at(kongUpstream, "healthchecks", "active", "healthy", "interval"),
                (int) seconds(option(server, "fail_timeout")).toSeconds()));
        check(found, "upstream targets", !list(kongUpstream, "targets").isEmpty());

        // The HTTPS server's settings for every proxied request.
        long connect = seconds(https.value("proxy_connect_timeout").orElse("60s")).toMillis();
        int tries = Integer.parseInt(https.value("proxy_next_upstream_tries").orElse("0"));
        for (Object s : list(kong, "services")) {
            Map<String, Object> service = (Map<String, Object>) s;
            check(found, service.get("name") + " connect_timeout " + connect, Objects.equals(service.get("connect_timeout"), (int) connect));
            check(found, service.get("name") + " retries " + (tries - 1), Objects.equals(service.get("retries"), tries - 1));
            check(found, service.get("name") + " proxies to " + upstreamName, upstreamName.equals(service.get("host")));
        }
        String bodySize = https.value("client_max_body_size").orElseThrow();
        Optional<Map<String, Object>> sizeLimit = list(kong, "plugins").stream().map(p -> (Map<String, Object>) p)
                .filter(p -> "request-size-limiting".equals(p.get("name"))).findFirst();
        check(found, "client_max_body_size " + bodySize, sizeLimit.isPresent()
                && bodySize.equals(at(sizeLimit.get(), "config", "allowed_payload_size") + "m")
                && "megabytes".equals(at(sizeLimit.get(), "config", "size_unit")));
        boolean keepsHost = https.all("proxy_set_header").stream().anyMatch(h -> h.args().equals(List.of("Host", "$host")));

        // The plain-HTTP server sends everyone to HTTPS.
        String redirect = http.all("server").stream().filter(s -> s != https)
                .flatMap(s -> s.all("location").stream()).flatMap(l -> l.value("return").stream()).findFirst().orElseThrow();

        Set<String> expectedPaths = new HashSet<>();
        for (NginxConfig location : https.all("location")) {
            String path = kongPath(location.args());
            if (path == null) {
                continue; // a named location: where nginx falls back to, no path of its own
            }
            expectedPaths.add(path);
            Optional<Map<String, Object>> found1 = route(kong, path);
            if (found1.isEmpty()) {
                found.add("no Kong route for location " + String.join(" ", location.args()) + " (path " + path + ")");
                continue;
            }
            Map<String, Object> route = found1.get();
            Map<String, Object> service = serviceOf(kong, route);
            String where = "route " + path + ": ";
            check(found, where + "protocols [https]", List.of("https").equals(route.get("protocols")));
            check(found, where + "https_redirect_status_code " + redirect, Objects.equals(route.get("https_redirect_status_code"), Integer.parseInt(redirect)));
            check(found, where + "preserve_host", !keepsHost || Boolean.TRUE.equals(route.get("preserve_host")));
            check(found, where + "strip_path false", Boolean.FALSE.equals(route.get("strip_path")));
            if (location.first("proxy_pass").isPresent()) {
                long read = seconds(location.value("proxy_read_timeout").or(() -> https.value("proxy_read_timeout"))
                        .orElse(NGINX_DEFAULT_TIMEOUT.toSeconds() + "s")).toMillis();
                long send = seconds(location.value("proxy_send_timeout").or(() -> https.value("proxy_send_timeout"))
                        .orElse(NGINX_DEFAULT_TIMEOUT.toSeconds() + "s")).toMillis();
                check(found, where + "read_timeout " + read, Objects.equals(service.get("read_timeout"), (int) read));
                check(found, where + "write_timeout " + send, Objects.equals(service.get("write_timeout"), (int) send));
                check(found, where + "no answer of its own", plugin(route, "request-termination").isEmpty());
            }
            location.first("return").ifPresent(answer -> {
                Optional<Map<String, Object>> termination = plugin(route, "request-termination");
                check(found, where + "answers " + answer.args(), termination.isPresent()
                        && Objects.equals(at(termination.get(), "config", "status_code"), Integer.parseInt(answer.args().getFirst()))
                        && (answer.args().size() < 2 || answer.args().get(1).equals(at(termination.get(), "config", "body"))));
            });
            if (location.first("try_files").isPresent()) {
                // nginx serves the file from disk; Kong has the nodes serve it, with the same headers.
                List<String> headers = location.all("add_header").stream()
                        .map(h -> h.args().get(0) + ":" + h.args().get(1)).toList();
                List<String> added = plugin(route, "response-transformer")
                        .map(p -> Yamls.<String>list(at(p, "config", "add"), "headers")).orElse(List.of());
                check(found, where + "adds the headers " + headers, added.containsAll(headers));
            }
        }
        Set<String> kongPaths = new HashSet<>();
        routes(kong).forEach(r -> kongPaths.addAll(list(r, "paths")));
        kongPaths.removeAll(expectedPaths);
        check(found, "Kong routes that nginx does not have: " + kongPaths, kongPaths.isEmpty());
        return found;
    }

    /** The Kong path for an nginx location's arguments; Kong's regex paths start with "~" and are anchored at the start. */
    static String kongPath(List<String> args) {
        if (args.size() == 1) {
            return args.getFirst().startsWith("@") ? null : args.getFirst();
        }
        return switch (args.get(0)) {
            case "=" -> "~" + args.get(1) + "$";
            case "^~" -> args.get(1);
            case "~" -> args.get(1).startsWith("^") ? "~" + args.get(1).substring(1) : "~/.*" + args.get(1);
            default -> throw new IllegalArgumentException("location modifier " + args.get(0));
        };
    }

    private static void check(List<String> found, String what, boolean holds) {
        if (!holds) {
            found.add(what);
        }
    }

    private static String option(List<String> args, String name) {
        return args.stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + name + " in " + args));
    }

    /** nginx's time: "2s", "5m", or bare seconds. */
    private static Duration seconds(String value) {
        return value.endsWith("m") ? Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)))
                : Duration.ofSeconds(Long.parseLong(value.replaceFirst("s$", "")));
    }

    private static List<Map<String, Object>> routes(Map<String, Object> kong) {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Object service : list(kong, "services")) {
            routes.addAll(list((Map<String, Object>) service, "routes"));
        }
        return routes;
    }

    private static Optional<Map<String, Object>> route(Map<String, Object> kong, String path) {
        List<Map<String, Object>> matching = routes(kong).stream().filter(r -> list(r, "paths").contains(path)).toList();
        if (matching.size() > 1) {
            throw new IllegalStateException("several Kong routes with path " + path);
        }
        return matching.stream().findFirst();
    }

    private static Map<String, Object> serviceOf(Map<String, Object> kong, Map<String, Object> route) {
        return list(kong, "services").stream().map(s -> (Map<String, Object>) s)
                .filter(s -> list(s, "routes").contains(route)).findFirst().orElseThrow();
    }

    private static Map<String, Object> service(Map<String, Object> kong, String name) {
        return list(kong, "services").stream().map(s -> (Map<String, Object>) s)
                .filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    private static Optional<Map<String, Object>> plugin(Map<String, Object> route, String name) {
        return list(route, "plugins").stream().map(p -> (Map<String, Object>) p)
                .filter(p -> name.equals(p.get("name"))).findFirst();
    }

    private static NginxConfig nginx() throws IOException {
        return NginxConfig.parse(Files.readString(DEPLOY.resolve("nginx/parley.conf.template")));
    }

    private static Map<String, Object> kong() {
        return Yamls.single(DEPLOY.resolve("kong/kong.yaml"));
    }
}
