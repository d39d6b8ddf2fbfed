package io.parley.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.type.LogicalType;

/** Every JSON string Parley reads, applying {@link StorableText}'s rule: request bodies and WebSocket frames alike. */
final class StorableStringDeserializer extends StdScalarDeserializer<String> {
    StorableStringDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        return checked(parser, StringDeserializer.instance.deserialize(parser, context));
    }

    @Override
    public String deserializeWithType(JsonParser parser, DeserializationContext context, TypeDeserializer types) {
        return checked(parser, (String) StringDeserializer.instance.deserializeWithType(parser, context, types));
    }

    private static String checked(JsonParser parser, String value) {
        if (value != null && !StorableText.storable(value)) {
            throw new UnstorableTextException(parser);
        }
        return value;
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.Textual;
    }

    @Override
    public Object getEmptyValue(DeserializationContext context) {
        return "";
    }
}
