package io.parley.deploy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Checks a manifest against the Kubernetes API's schema: the official Java client's models are
 * generated from the API's OpenAPI document (client-java 25: Kubernetes 1.34), and reading one
 * from JSON refuses a field the schema does not define (at any depth), a required field that is
 * missing, and a value of the wrong type (a list where an object belongs, text for a number).
 * The typed object, written back, must then be the manifest itself: that also catches a number or
 * a boolean where the API wants text (an env value, a ConfigMap entry), which the API refuses but
 * the reader quietly turns into text.
 */
final class KubernetesSchema {
    /** apiVersion and kind of every object deploy/k8s may hold; anything else is refused. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1 ConfigMap", V1ConfigMap.class,
            "v1 Secret", V1Secret.class,
            "v1 Service", V1Service.class,
            "v1 PersistentVolumeClaim", V1PersistentVolumeClaim.class,
            "apps/v1 Deployment", V1Deployment.class,
            "networking.k8s.io/v1 Ingress", V1Ingress.class,
            "policy/v1 PodDisruptionBudget", V1PodDisruptionBudget.class,
            "autoscaling/v2 HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

    private KubernetesSchema() {
    }

    /** Throws an {@link InvalidManifest} that says what is wrong, or returns the typed object. */
    static Object validate(Map<String, Object> manifest) {
        String type = manifest.get("apiVersion") + " " + manifest.get("kind");
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new InvalidManifest(type + " is not a type these manifests use (" + MODELS.keySet() + ")", null);
        }
        JsonElement given = new Gson().toJsonTree(manifest);
        try {
            Object typed = model.getMethod("fromJson", String.class).invoke(null, given.toString());
            String difference = difference("", given, JSON.getGson().toJsonTree(typed));
            if (difference != null) {
                throw new InvalidManifest(Kustomize.identity(manifest) + ": " + difference, null);
            }
            return typed;
        } catch (InvocationTargetException e) {
            throw new InvalidManifest(Kustomize.identity(manifest) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where two JSON trees differ, or null when they are equal. */
    private static String difference(String path, JsonElement given, JsonElement read) {
        if (given.isJsonObject() && read.isJsonObject()) {
            var readObject = read.getAsJsonObject();
            for (var entry : given.getAsJsonObject().entrySet()) {
                if (!readObject.has(entry.getKey())) {
                    return path + "/" + entry.getKey() + " is not part of the schema";
                }
                String inner = difference(path + "/" + entry.getKey(), entry.getValue(), readObject.get(entry.getKey()));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (given.isJsonArray() && read.isJsonArray() && given.getAsJsonArray().size() == read.getAsJsonArray().size()) {
            for (int i = 0; i < given.getAsJsonArray().size(); i++) {
                String inner = difference(path + "/" + i, given.getAsJsonArray().get(i), read.getAsJsonArray().get(i));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (given.isJsonPrimitive() && read.isJsonPrimitive()
                && given.getAsJsonPrimitive().isString() != read.getAsJsonPrimitive().isString()) {
            return path + " is " + given + " but must be a " + (read.getAsJsonPrimitive().isString() ? "string" : "number or boolean");
        }
        return given.equals(read) ? null : path + " is " + given + ", read as " + read;
    }

    static final class InvalidManifest extends RuntimeException {
        InvalidManifest(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
