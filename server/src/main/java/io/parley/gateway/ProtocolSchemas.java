package io.parley.gateway;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.ServerFrame;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts the WebSocket frames into the OpenAPI document, so that the app's types for REST and for
 * frames come from one generated file (client/src/api/schema.d.ts). Each frame record becomes a
 * schema named after its side and its {@code type} ("ServerHelloFrame", "ClientSendFrame") with
 * {@code type} as a required one-value string; {@code ServerFrame} and {@code ClientFrame} are
 * their unions, discriminated by {@code type}. The names come from the same {@link JsonSubTypes}
 * that Jackson reads, so the document cannot list a frame the server does not speak.
 */
@Component
class ProtocolSchemas implements GlobalOpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        add(openApi.getComponents(), "Server", ServerFrame.class);
        add(openApi.getComponents(), "Client", ClientFrame.class);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void add(Components components, String side, Class<?> sealed) {
        List<Schema> variants = new ArrayList<>();
        Map<String, String> mapping = new TreeMap<>();
        for (JsonSubTypes.Type subtype : sealed.getAnnotation(JsonSubTypes.class).value()) {
            String name = side + pascal(subtype.name()) + "Frame";
            Map<String, Schema> models = new java.util.LinkedHashMap<>(ModelConverters.getInstance(true)
                    .readAll(new AnnotatedType(subtype.value()).resolveAsRef(false)));
            Schema frame = models.remove(subtype.value().getSimpleName());
            models.forEach(components::addSchemas);
            Map<String, Schema> properties = new java.util.LinkedHashMap<>();
            properties.put("type", new StringSchema()._enum(List.of(subtype.name())));
            if (frame.getProperties() != null) {
                properties.putAll(frame.getProperties());
            }
            frame.setProperties(properties);
            List<String> required = new ArrayList<>(List.of("type"));
            if (frame.getRequired() != null) {
                required.addAll(frame.getRequired());
            }
            frame.setRequired(required);
            frame.setName(name);
            components.addSchemas(name, frame);
            String ref = "#/components/schemas/" + name;
            variants.add(new Schema<>().$ref(ref));
            mapping.put(subtype.name(), ref);
        }
        components.addSchemas(sealed.getSimpleName(), new Schema<>().oneOf(variants)
                .discriminator(new Discriminator().propertyName("type").mapping(mapping))
                .description("Every " + sealed.getSimpleName() + ", told apart by type (docs/protocol.md)"));
    }

    /** "join-request" becomes "JoinRequest". */
    private static String pascal(String type) {
        StringBuilder out = new StringBuilder();
        for (String part : type.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
