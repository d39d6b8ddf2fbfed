package io.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NginxConfigTest {
    private static final List<String> NODES = List.of("127.0.0.2:41001", "127.0.0.3:41002", "127.0.0.4:41003");

    private static Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        values.put("user_directive", "user root;");
        values.put("worker_processes", "auto");
        values.put("prefix", "/srv/cluster/nginx");
        values.put("logs", "/srv/cluster/logs");
        values.put("listen_address", "127.0.0.1");
        values.put("https_port", "8443");
        values.put("http_port", "8088");
        values.put("certificate", "/srv/cluster/tls/cert.pem");
        values.put("certificate_key", "/srv/cluster/tls/key.pem");
        values.put("static_root", "/srv/parley/client/dist");
        return values;
    }

    private static String rendered() {
        return NginxConfig.render(NginxConfig.template(), values(), NODES);
    }

    @Test
    void every_placeholder_of_the_shipped_template_is_filled_in() {
        assertThat(rendered()).doesNotContain("{{").doesNotContain("}}");
    }

    @Test
    void each_node_becomes_one_upstream_server_with_passive_health_checks_under_least_connections() {
        String upstream = block(rendered(), "upstream parley_nodes");
        assertThat(upstream).contains("least_conn;").doesNotContain("ip_hash").doesNotContain("sticky");
        assertThat(upstream.lines().filter(line -> line.strip().startsWith("server ")).toList()).containsExactly(
                "        server 127.0.0.2:41001 max_fails=3 fail_timeout=5s;",
                "        server 127.0.0.3:41002 max_fails=3 fail_timeout=5s;",
                "        server 127.0.0.4:41003 max_fails=3 fail_timeout=5s;");
    }

    @Test
    void connections_to_the_nodes_come_from_the_given_addresses_in_even_shares_or_from_where_the_kernel_picks() {
        String spread = block(NginxConfig.render(NginxConfig.template(), values(), NODES,
                List.of("127.0.100.1", "127.0.100.2", "127.0.100.3")), "split_clients");
        assertThat(spread.lines().map(String::strip).filter(line -> line.contains("127.0.100.")).toList())
                .containsExactly("33.33% 127.0.100.1;", "33.33% 127.0.100.2;", "* 127.0.100.3;");
        assertThat(block(rendered(), "split_clients").lines().map(String::strip).toList()).contains("* \"\";");
        assertThat(rendered()).contains("proxy_bind $parley_upstream_source;");
    }

    @Test
    void tls_is_served_with_the_given_certificate_and_plain_http_redirects_to_it() {
        String config = rendered();
        assertThat(config).contains("listen 127.0.0.1:8443 ssl http2 reuseport backlog=4096;")
                .contains("ssl_certificate     /srv/cluster/tls/cert.pem;")
                .contains("ssl_certificate_key /srv/cluster/tls/key.pem;")
                .contains("listen 127.0.0.1:8088;")
                .contains("return 301 https://$host:8443$request_uri;");
    }

    @Test
    void the_websocket_is_upgraded_and_waits_well_beyond_the_nodes_idle_timeout() {
        String config = rendered();
        assertThat(config).contains("proxy_http_version 1.1;")
                .contains("proxy_set_header Upgrade $http_upgrade;")
                .contains("proxy_set_header Connection $connection_upgrade;");
        String socket = block(config, "location = /ws");
        assertThat(socket).contains("proxy_pass http://parley_nodes;");
        // Clients ping every 25 s, nodes close a socket silent for 75 s: nginx must not cut first.
        assertThat(seconds(socket, "proxy_read_timeout")).isGreaterThan(75 * 2);
    }

    @Test
    void nodes_get_the_clients_address_and_scheme_and_uploads_fit() {
        String config = rendered();
        assertThat(config).contains("proxy_set_header X-Forwarded-For $remote_addr;")
                .contains("proxy_set_header X-Forwarded-Proto $scheme;")
                .contains("proxy_set_header X-Forwarded-Host $host;")
                .contains("client_max_body_size 8m;");
    }

    @Test
    void the_apps_files_come_from_the_static_root_and_everything_of_the_server_goes_to_the_nodes() {
        String config = rendered();
        assertThat(config).contains("root /srv/parley/client/dist;");
        for (String path : List.of("location ^~ /api/", "location ^~ /media/", "location ^~ /v3/api-docs",
                "location ^~ /actuator/health", "location ~ \\.html$", "location @nodes")) {
            assertThat(block(config, path)).as(path).contains("proxy_pass http://parley_nodes;");
        }
        assertThat(block(config, "location ^~ /_expo/")).contains("try_files $uri =404;").contains("immutable");
        assertThat(block(config, "location / ")).contains("try_files $uri @nodes;");
    }

    @Test
    void temporary_files_pid_and_logs_stay_in_the_cluster_directory() {
        String config = rendered();
        assertThat(config).contains("pid /srv/cluster/nginx/nginx.pid;")
                .contains("error_log /srv/cluster/logs/nginx-error.log warn;")
                .contains("access_log /srv/cluster/logs/nginx-access.log parley;")
                .contains("client_body_temp_path /srv/cluster/nginx/temp/client-body;")
                .contains("proxy_temp_path       /srv/cluster/nginx/temp/proxy;");
    }

    @Test
    void a_placeholder_without_a_value_is_an_error_not_an_empty_string() {
        Map<String, String> values = values();
        values.remove("certificate");
        assertThatThrownBy(() -> NginxConfig.render(NginxConfig.template(), values, NODES))
                .hasMessageContaining("{{certificate}}");
    }

    @Test
    void lines_with_the_node_are_repeated_and_the_rest_kept_as_they_are() {
        String template = "a {{x}}\n  server {{node}} w=1;\nb\n";
        assertThat(NginxConfig.render(template, Map.of("x", "$1\\"), List.of("h:1", "h:2")))
                .isEqualTo("a $1\\\n  server h:1 w=1;\n  server h:2 w=1;\nb\n");
        assertThatThrownBy(() -> NginxConfig.render(template, Map.of("x", "1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The text of the (last) block that starts with {@code opening}, up to its closing brace. */
    private static String block(String config, String opening) {
        int start = config.lastIndexOf(opening);
        assertThat(start).as("'" + opening + "' in the config").isNotNegative();
        int depth = 0;
        for (int i = config.indexOf('{', start); i < config.length(); i++) {
            char c = config.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return config.substring(start, i + 1);
            }
        }
        throw new AssertionError("Unclosed block " + opening);
    }

    private static int seconds(String block, String directive) {
        Matcher m = Pattern.compile(Pattern.quote(directive) + "\\s+(\\d+)s;").matcher(block);
        assertThat(m.find()).as(directive).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
