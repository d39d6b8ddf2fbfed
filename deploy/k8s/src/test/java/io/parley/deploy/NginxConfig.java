package io.parley.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Just enough of nginx's configuration syntax to compare it: directives with their arguments, and
 * blocks. The template's placeholders (a name in double braces) are read as plain words.
 */
record NginxConfig(String name, List<String> args, List<NginxConfig> children) {

    static NginxConfig parse(String text) {
        Parser parser = new Parser(text.replaceAll("\\{\\{(\\w+)}}", "PLACEHOLDER_$1"));
        return new NginxConfig("main", List.of(), parser.block(true));
    }

    /** The directives of this block with that name. */
    List<NginxConfig> all(String directive) {
        return children.stream().filter(c -> c.name.equals(directive)).toList();
    }

    Optional<NginxConfig> first(String directive) {
        return all(directive).stream().findFirst();
    }

    /** The first argument of the first such directive. */
    Optional<String> value(String directive) {
        return first(directive).map(d -> d.args.getFirst());
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        List<NginxConfig> block(boolean top) {
            List<NginxConfig> directives = new ArrayList<>();
            while (true) {
                String word = token();
                if (word == null) {
                    if (!top) {
                        throw new IllegalArgumentException("unclosed block");
                    }
                    return directives;
                }
                if (word.equals("}")) {
                    return directives;
                }
                List<String> args = new ArrayList<>();
                for (String token = token(); ; token = token()) {
                    if (token == null) {
                        throw new IllegalArgumentException("unterminated directive " + word);
                    } else if (token.equals(";")) {
                        directives.add(new NginxConfig(word, args, List.of()));
                        break;
                    } else if (token.equals("{")) {
                        directives.add(new NginxConfig(word, args, block(false)));
                        break;
                    } else {
                        args.add(token);
                    }
                }
            }
        }

        /** The next word, quoted string (unquoted), ";", "{" or "}"; null at the end. */
        private String token() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (c == '#') {
                    while (at < text.length() && text.charAt(at) != '\n') {
                        at++;
                    }
                } else {
                    break;
                }
            }
            if (at >= text.length()) {
                return null;
            }
            char c = text.charAt(at);
            if (c == ';' || c == '{' || c == '}') {
                at++;
                return String.valueOf(c);
            }
            StringBuilder word = new StringBuilder();
            if (c == '"' || c == '\'') {
                at++;
                while (text.charAt(at) != c) {
                    if (text.charAt(at) == '\\' && (text.charAt(at + 1) == c || text.charAt(at + 1) == '\\')) {
                        at++;
                    }
                    word.append(text.charAt(at++));
                }
                at++;
                return word.toString().replace("\\n", "\n");
            }
            while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && ";{}".indexOf(text.charAt(at)) < 0) {
                word.append(text.charAt(at++));
            }
            return word.toString();
        }
    }
}
