package io.parley.platform.web;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Makes the OpenAPI document say which fields are always there. The server leaves null fields
 * out of its JSON, so a record component is "required" exactly when it is never null: in a
 * {@link NullMarked} record (or package) every component not marked {@link Nullable} is. Records
 * outside a null-marked scope keep every field optional, which is vague but never false.
 */
@Component
class NullMarkedSchemas implements ModelConverter {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema resolved = chain.next().resolve(type, context, chain);
        Class<?> raw = rawClass(type);
        if (resolved == null || raw == null || !raw.isRecord() || !nullMarked(raw)) {
            return resolved;
        }
        Schema model = resolved;
        if (resolved.get$ref() != null) {
            model = context.getDefinedModels().get(resolved.get$ref().replace("#/components/schemas/", ""));
        }
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        List<String> required = new ArrayList<>();
        for (RecordComponent component : raw.getRecordComponents()) {
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class)
                    || component.isAnnotationPresent(Nullable.class);
            if (!nullable && model.getProperties().containsKey(component.getName())) {
                required.add(component.getName());
            }
        }
        model.setRequired(required.isEmpty() ? null : required);
        return resolved;
    }

    private static Class<?> rawClass(AnnotatedType type) {
        if (type.getType() instanceof Class<?> c) {
            return c;
        }
        if (type.getType() instanceof JavaType j) {
            return j.getRawClass();
        }
        try {
            return Json.mapper().constructType(type.getType()).getRawClass();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean nullMarked(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (marked(c)) {
                return true;
            }
        }
        return marked(type.getPackage());
    }

    private static boolean marked(AnnotatedElement element) {
        return element != null && element.isAnnotationPresent(NullMarked.class);
    }
}
