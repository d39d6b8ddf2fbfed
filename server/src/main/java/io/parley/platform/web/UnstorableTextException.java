package io.parley.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string (in a request body or a WebSocket frame) holds text that cannot be stored: it
 * becomes the problem {@code invalid-text}, naming the field.
 */
public class UnstorableTextException extends MismatchedInputException {

    UnstorableTextException(JsonParser parser) {
        super(parser, "Text that cannot be stored: " + StorableText.RULE, String.class);
    }

    /** Which field: "body", "members.[2].name"; "body" for a bare value. */
    public String field() {
        return Problems.fieldOf(this);
    }

    public String detail() {
        return "Field '" + field() + "' holds a character that cannot be stored (" + StorableText.RULE + ")";
    }
}
