package io.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The part of kustomize that deploy/k8s uses, so the test sees what {@code kubectl apply -k} applies
 * (no kustomize binary reaches this machine): {@code resources} (files and directories with a
 * kustomization), {@code patches} by {@code path} (strategic merge patches, aimed by their own
 * apiVersion, kind and name) and {@code images}. Anything else in a kustomization is refused, so
 * the overlays cannot quietly use a feature that this renders differently from kustomize.
 *
 * <p>The merge follows Kubernetes' strategic merge for what the overlays patch: maps merge, a
 * {@code null} deletes, lists of items that all have a {@code name} (containers, env, ports,
 * volumes) merge by name, and other lists replace (HPA metrics; topologySpreadConstraints, which
 * the base does not have).
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches", "images");

    private Kustomize() {
    }

    /** The resources the kustomization in {@code dir} produces. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = Yamls.single(dir.resolve("kustomization.yaml"));
        List<String> unsupported = kustomization.keySet().stream().filter(key -> !SUPPORTED.contains(key)).toList();
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException(dir + ": kustomization fields this renderer does not know: " + unsupported);
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String resource : Yamls.<String>list(kustomization, "resources")) {
            Path path = dir.resolve(resource).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path) : Yamls.all(path));
        }
        for (Map<String, Object> patch : Yamls.<Map<String, Object>>list(kustomization, "patches")) {
            if (!patch.keySet().equals(Set.of("path"))) {
                throw new IllegalArgumentException(dir + ": only patches by path are supported: " + patch);
            }
            for (Map<String, Object> document : Yamls.all(dir.resolve((String) patch.get("path")))) {
                Map<String, Object> target = resources.stream().filter(r -> sameObject(r, document)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(dir + ": patch " + patch.get("path")
                                + " matches no resource: " + identity(document)));
                resources.set(resources.indexOf(target), merge(target, document));
            }
        }
        for (Map<String, Object> image : Yamls.<Map<String, Object>>list(kustomization, "images")) {
            resources.forEach(resource -> setImage(resource, image));
        }
        return resources;
    }

    static String identity(Map<String, Object> resource) {
        return resource.get("apiVersion") + " " + resource.get("kind") + " " + Yamls.at(resource, "metadata", "name");
    }

    private static boolean sameObject(Map<String, Object> a, Map<String, Object> b) {
        return identity(a).equals(identity(b));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        patch.forEach((key, value) -> {
            Object old = merged.get(key);
            if (value == null) {
                merged.remove(key);
            } else if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
                merged.put(key, merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap));
            } else if (old instanceof List<?> oldList && value instanceof List<?> newList
                    && named(oldList) && named(newList)) {
                merged.put(key, mergeByName((List<Map<String, Object>>) oldList, (List<Map<String, Object>>) newList));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static boolean named(List<?> list) {
        return list.stream().allMatch(item -> item instanceof Map<?, ?> map && map.get("name") instanceof String);
    }

    private static List<Map<String, Object>> mergeByName(List<Map<String, Object>> base, List<Map<String, Object>> patch) {
        List<Map<String, Object>> merged = new ArrayList<>(base);
        for (Map<String, Object> item : patch) {
            int index = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (Objects.equals(merged.get(i).get("name"), item.get("name"))) {
                    index = i;
                }
            }
            if (index < 0) {
                merged.add(item);
            } else {
                merged.set(index, merge(merged.get(index), item));
            }
        }
        return merged;
    }

    /** kustomize's images transformer: {@code name} matches the image without its tag. */
    @SuppressWarnings("unchecked")
    private static void setImage(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            if (object.get("image") instanceof String current && current.replaceFirst(":[^:/]*$", "").equals(image.get("name"))) {
                String name = (String) image.getOrDefault("newName", image.get("name"));
                Object tag = image.get("newTag");
                object.put("image", tag == null ? name : name + ":" + tag);
            }
            object.values().forEach(value -> setImage(value, image));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> setImage(value, image));
        }
    }

    /** Reading YAML documents as plain maps (safe constructor: no custom types). */
    static final class Yamls {
        private Yamls() {
        }

        static List<Map<String, Object>> all(Path file) {
            try {
                List<Map<String, Object>> documents = new ArrayList<>();
                for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                    if (document != null) {
                        documents.add(asMap(document, file));
                    }
                }
                return documents;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Map<String, Object> single(Path file) {
            List<Map<String, Object>> documents = all(file);
            if (documents.size() != 1) {
                throw new IllegalArgumentException(file + ": expected one YAML document, found " + documents.size());
            }
            return documents.getFirst();
        }

        @SuppressWarnings("unchecked")
        static <T> List<T> list(Map<String, Object> map, String key) {
            Object value = map.get(key);
            return value == null ? List.of() : (List<T>) value;
        }

        /** The value at a path of map keys, or null. */
        @SuppressWarnings("unchecked")
        static <T> T at(Object node, String... keys) {
            Object current = node;
            for (String key : keys) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = map.get(key);
            }
            return (T) current;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> asMap(Object document, Path file) {
            if (!(document instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + ": a document that is not a mapping");
            }
            return (Map<String, Object>) map;
        }
    }
}
