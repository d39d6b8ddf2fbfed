package io.parley.deploy;

import static io.parley.deploy.Kustomize.Yamls.at;
import static io.parley.deploy.Kustomize.Yamls.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.deploy.KubernetesSchema.InvalidManifest;
import io.parley.deploy.Kustomize.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/k8s: every manifest, and every overlay as kustomize renders it, against the Kubernetes
 * API's schemas, and the objects against each other (what refers to what, probes, the drain).
 */
class ManifestsTest {
    /** Maven runs the tests in the module's directory, deploy/k8s. */
    private static final Path K8S = Path.of("").toAbsolutePath();
    /** The server closes each socket after what is queued on it is written, for up to this long (GatewayDrain). */
    private static final Duration SOCKET_CLOSING = Duration.ofSeconds(5);
    /** Clients ping every 25 s, the server closes a socket silent for 75 s (GatewayProperties). */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(75);

    @Test
    void everyManifestMatchesTheKubernetesSchema() throws IOException {
        List<Path> files = manifests();
        assertThat(files).extracting(f -> K8S.relativize(f).toString())
                .contains("base/deployment.yaml", "base/hpa.yaml", "base/pdb.yaml", "base/service.yaml",
                        "base/ingress.yaml", "base/configmap.yaml", "base/data.yaml", "secrets.example.yaml");
        for (Path file : files) {
            for (Map<String, Object> manifest : Yamls.all(file)) {
                KubernetesSchema.validate(manifest);
            }
        }
    }

    @Test
    void theBaseListsEveryManifestBesideIt() throws IOException {
        List<String> listed = list(Yamls.single(K8S.resolve("base/kustomization.yaml")), "resources");
        try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void anOverlayRendersToValidObjectsThatFitTogether(String overlay) {
        List<Map<String, Object>> resources = Kustomize.render(K8S.resolve("overlays/" + overlay));
        resources.forEach(KubernetesSchema::validate);
        assertThat(resources).extracting(r -> (String) r.get("kind")).containsExactlyInAnyOrder(
                "ConfigMap", "PersistentVolumeClaim", "Deployment", "Service", "Ingress", "PodDisruptionBudget",
                "HorizontalPodAutoscaler");
        new Coherence(resources, Yamls.all(K8S.resolve("secrets.example.yaml"))).check();
    }

    @Test
    void theOverlaysSizeTheDeployment() {
        Map<String, Object> small = one(Kustomize.render(K8S.resolve("overlays/small")), "HorizontalPodAutoscaler");
        Map<String, Object> large = one(Kustomize.render(K8S.resolve("overlays/large")), "HorizontalPodAutoscaler");
        assertThat((int) at(small, "spec", "minReplicas")).isEqualTo(2);
        assertThat((int) at(small, "spec", "maxReplicas")).isBetween(2, 3);
        assertThat((int) at(large, "spec", "minReplicas")).isGreaterThan(at(small, "spec", "maxReplicas"));
        assertThat((int) at(large, "spec", "maxReplicas")).isGreaterThan(at(large, "spec", "minReplicas"));

        Map<String, Object> largeNode = one(Kustomize.render(K8S.resolve("overlays/large")), "Deployment");
        List<Map<String, Object>> spread = list(at(largeNode, "spec", "template", "spec"), "topologySpreadConstraints");
        assertThat(spread).extracting(c -> c.get("topologyKey"))
                .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        Map<String, Object> smallNode = one(Kustomize.render(K8S.resolve("overlays/small")), "Deployment");
        assertThat((String) at(container(smallNode), "resources", "requests", "memory")).isEqualTo("768Mi");
        assertThat((String) at(container(largeNode), "resources", "requests", "memory")).isEqualTo("4Gi");
        Map<String, String> largeConfig = at(one(Kustomize.render(K8S.resolve("overlays/large")), "ConfigMap"), "data");
        assertThat(Integer.parseInt(largeConfig.get("PARLEY_KAFKA_PARTITIONS"))).as("partitions bound the nodes sharing the work")
                .isGreaterThanOrEqualTo(at(large, "spec", "maxReplicas"));
        assertThat(largeConfig).containsEntry("SPRING_PROFILES_ACTIVE", "prod,cluster");
        // The overlays patch, the base's other settings stay: merged by container name, not replaced.
        assertThat((Object) at(container(largeNode), "readinessProbe")).isNotNull();
    }

    // ------------------------------------------------------------------ the checks can fail

    @Test
    void theSchemaRejectsAMisspeltFieldAWrongTypeAndAMissingRequiredField() {
        Map<String, Object> deployment = one(Kustomize.render(K8S.resolve("overlays/small")), "Deployment");

        Map<String, Object> misspelt = Kustomize.merge(deployment, Map.of("spec", Map.of("replica", 3)));
        assertThatThrownBy(() -> KubernetesSchema.validate(misspelt)).isInstanceOf(InvalidManifest.class)
                .hasMessageContaining("`replica`");

        Map<String, Object> misspeltDeep = Kustomize.merge(deployment, Map.of("spec", Map.of("template", Map.of("spec",
                Map.of("containers", List.of(Map.of("name", "parley", "readinesProbe", Map.of()))))))); // sic
        assertThatThrownBy(() -> KubernetesSchema.validate(misspeltDeep)).isInstanceOf(InvalidManifest.class)
                .hasMessageContaining("readinesProbe");

        Map<String, Object> textForNumber = Kustomize.merge(deployment, Map.of("spec", Map.of("replicas", "two")));
        assertThatThrownBy(() -> KubernetesSchema.validate(textForNumber)).isInstanceOf(InvalidManifest.class);

        Map<String, Object> objectForList = Kustomize.merge(deployment, Map.of("spec", Map.of("template",
                Map.of("spec", Map.of("containers", Map.of("name", "parley"))))));
        assertThatThrownBy(() -> KubernetesSchema.validate(objectForList)).isInstanceOf(InvalidManifest.class)
                .hasMessageContaining("to be an array");

        Map<String, Object> noName = Kustomize.merge(deployment, Map.of("spec", Map.of("template",
                Map.of("spec", Map.of("containers", List.of(Map.of("image", "parley/server:1")))))));
        assertThatThrownBy(() -> KubernetesSchema.validate(noName)).isInstanceOf(InvalidManifest.class)
                .hasMessageContaining("required field `name`");

        Map<String, Object> config = one(Kustomize.render(K8S.resolve("overlays/small")), "ConfigMap");
        Map<String, Object> booleanValue = Kustomize.merge(config, Map.of("data", Map.of("PARLEY_AUTH_GOOGLE_ENABLED", false)));
        assertThatThrownBy(() -> KubernetesSchema.validate(booleanValue)).isInstanceOf(InvalidManifest.class)
                .hasMessageContaining("must be a string");

        Map<String, Object> unknownKind = new HashMap<>(config);
        unknownKind.put("kind", "ConfigMapp");
        assertThatThrownBy(() -> KubernetesSchema.validate(unknownKind)).isInstanceOf(InvalidManifest.class);
    }

    @Test
    void theCoherenceChecksCatchABrokenReference() {
        List<Map<String, Object>> resources = new ArrayList<>(Kustomize.render(K8S.resolve("overlays/small")));
        Map<String, Object> service = one(resources, "Service");
        resources.set(resources.indexOf(service), Kustomize.merge(service, Map.of("spec", Map.of("ports",
                List.of(Map.of("name", "http", "targetPort", "htp"))))));
        List<Map<String, Object>> secrets = Yamls.all(K8S.resolve("secrets.example.yaml"));
        assertThatThrownBy(() -> new Coherence(resources, secrets).check()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("htp");
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [../base]\nnamePrefix: x-\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("namePrefix");

        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [" + K8S.resolve("base") + "]\npatches: [{path: p.yaml}]\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: parly}\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("matches no resource");
    }

    @Test
    void theMergeFollowsStrategicMergeForWhatTheOverlaysPatch() {
        Map<String, Object> base = Map.of("containers", List.of(Map.of("name", "a", "image", "x", "ports", List.of(1))),
                "metrics", List.of(Map.of("type", "Resource")), "keep", "yes");
        Map<String, Object> patch = new HashMap<>(Map.of("containers", List.of(Map.of("name", "a", "ports", List.of(2)),
                Map.of("name", "b")), "metrics", List.of(Map.of("type", "Pods"))));
        patch.put("keep", null);
        assertThat(Kustomize.merge(base, patch)).isEqualTo(Map.of(
                "containers", List.of(Map.of("name", "a", "image", "x", "ports", List.of(2)), Map.of("name", "b")),
                "metrics", List.of(Map.of("type", "Pods"))));
    }

    // ------------------------------------------------------------------ helpers

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !K8S.relativize(f).startsWith("target") && !K8S.relativize(f).startsWith("src"))
                    // Overlay patches are fragments: they are checked merged, in the rendered overlays.
                    .filter(f -> !K8S.relativize(f).startsWith("overlays"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
    }

    static Map<String, Object> one(List<Map<String, Object>> resources, String kind) {
        List<Map<String, Object>> found = resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(at(deployment, "spec", "template", "spec"), "containers");
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    /** What the objects of one rendered overlay say about each other. */
    record Coherence(List<Map<String, Object>> resources, List<Map<String, Object>> secrets) {
        void check() {
            Map<String, Object> deployment = one(resources, "Deployment");
            Map<String, Object> pod = at(deployment, "spec", "template");
            Map<String, String> podLabels = at(pod, "metadata", "labels");
            Map<String, Object> node = container(deployment);
            Set<String> portNames = new HashSet<>();
            list(node, "ports").forEach(p -> portNames.add((String) ((Map<?, ?>) p).get("name")));

            // Selectors find the pods.
            assertThat(podLabels).containsAllEntriesOf(at(deployment, "spec", "selector", "matchLabels"));
            assertThat(podLabels).containsAllEntriesOf(at(one(resources, "PodDisruptionBudget"), "spec", "selector", "matchLabels"));
            Map<String, Object> service = one(resources, "Service");
            assertThat(podLabels).containsAllEntriesOf(at(service, "spec", "selector"));
            assertThat((Object) at(service, "spec", "sessionAffinity")).as("no sticky sessions").isNull();
            Set<String> servicePorts = new HashSet<>();
            for (Map<String, Object> port : Yamls.<Map<String, Object>>list(at(service, "spec"), "ports")) {
                assertThat(portNames).as("the Service's targetPort").contains((String) port.get("targetPort"));
                servicePorts.add((String) port.get("name"));
            }

            // The Ingress reaches the Service, over TLS, for WebSockets too.
            Map<String, Object> ingress = one(resources, "Ingress");
            for (Map<String, Object> rule : Yamls.<Map<String, Object>>list(at(ingress, "spec"), "rules")) {
                for (Map<String, Object> path : Yamls.<Map<String, Object>>list(at(rule, "http"), "paths")) {
                    assertThat((String) at(path, "backend", "service", "name")).isEqualTo(at(service, "metadata", "name"));
                    assertThat(servicePorts).contains((String) at(path, "backend", "service", "port", "name"));
                }
            }
            Map<String, String> annotations = at(ingress, "metadata", "annotations");
            for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
                assertThat(Duration.ofSeconds(Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/" + timeout))))
                        .as(timeout + ": beyond the server's idle timeout").isGreaterThan(IDLE_TIMEOUT);
            }
            assertThat(annotations.keySet()).noneMatch(a -> a.contains("affinity"));
            List<Map<String, Object>> tls = list(at(ingress, "spec"), "tls");
            assertThat(tls).isNotEmpty().allSatisfy(t -> assertThat(secret((String) t.get("secretName"))).isNotNull());

            // The autoscaler owns the number of replicas.
            Map<String, Object> hpa = one(resources, "HorizontalPodAutoscaler");
            assertThat((String) at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(at(deployment, "metadata", "name"));
            assertThat((String) at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
            assertThat((Object) at(deployment, "spec", "replicas")).as("replicas are the autoscaler's").isNull();
            assertThat((int) at(hpa, "spec", "minReplicas")).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(at(hpa, "spec", "maxReplicas"));
            assertThat(list(at(hpa, "spec"), "metrics")).anySatisfy(m ->
                    assertThat((String) at(m, "resource", "name")).isEqualTo("cpu"));

            // Configuration and secrets exist, with the keys the pod reads.
            Map<String, Object> config = one(resources, "ConfigMap");
            for (Object from : list(node, "envFrom")) {
                assertThat((String) at(from, "configMapRef", "name")).isEqualTo(at(config, "metadata", "name"));
            }
            for (Object variable : list(node, "env")) {
                Map<String, Object> ref = at(variable, "valueFrom", "secretKeyRef");
                assertThat(ref).as("env " + ((Map<?, ?>) variable).get("name")).isNotNull();
                Map<String, Object> secret = secret((String) ref.get("name"));
                assertThat(secret).as("Secret " + ref.get("name")).isNotNull();
                assertThat((Map<String, Object>) at(secret, "stringData")).containsKey((String) ref.get("key"));
            }
            Map<String, String> data = at(config, "data");
            assertThat(data.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod,cluster");
            Set<String> volumes = new HashSet<>();
            for (Map<String, Object> volume : Yamls.<Map<String, Object>>list(at(pod, "spec"), "volumes")) {
                volumes.add((String) volume.get("name"));
                String claim = at(volume, "persistentVolumeClaim", "claimName");
                if (claim != null) {
                    assertThat(resources).anySatisfy(r -> assertThat(Kustomize.identity(r))
                            .isEqualTo("v1 PersistentVolumeClaim " + claim));
                }
            }
            list(node, "volumeMounts").forEach(m -> assertThat(volumes).contains((String) ((Map<?, ?>) m).get("name")));
            assertThat(list(node, "volumeMounts")).anySatisfy(m ->
                    assertThat(((Map<?, ?>) m).get("mountPath")).isEqualTo(data.get("PARLEY_DATA_DIR")));
            assertThat((String) node.get("image")).matches("parley/server:[^:]+");

            // Probes on the actuator's probe groups, on a port the container declares.
            assertThat((String) at(node, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat((String) at(node, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat((String) at(node, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(portNames).contains((String) at(node, probe, "httpGet", "port"));
            }

            // The drain fits in the grace period: the preStop pause (the endpoint leaves the Service
            // and the ingress first), then requests in flight, the writer's queue and the sockets.
            int pause = at(node, "lifecycle", "preStop", "sleep", "seconds");
            assertThat(pause).isGreaterThanOrEqualTo(5);
            Duration phase = Duration.parse("PT" + data.get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").toUpperCase());
            Duration needed = Duration.ofSeconds(pause).plus(phase.multipliedBy(3)).plus(SOCKET_CLOSING);
            int grace = at(pod, "spec", "terminationGracePeriodSeconds");
            assertThat(Duration.ofSeconds(grace)).isGreaterThan(needed);
            assertThat((Object) at(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
        }

        private Map<String, Object> secret(String name) {
            return Stream.concat(resources.stream(), secrets.stream())
                    .filter(r -> ("v1 Secret " + name).equals(Kustomize.identity(r))).findFirst().orElse(null);
        }
    }
}
