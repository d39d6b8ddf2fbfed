package io.parley.loadtest.xmpp;

/**
 * What the harness needs from a stanza the server sent: its element name, its type and id
 * attributes, and a message's body (unescaped). A scan, not a parse: one stanza per frame.
 */
public record XmppEvent(String element, String type, String id, String body) {

    public static XmppEvent parse(String stanza) {
        int start = stanza.indexOf('<');
        if (start < 0) {
            return new XmppEvent("", null, null, null);
        }
        int nameEnd = start + 1;
        while (nameEnd < stanza.length() && " />\t\r\n".indexOf(stanza.charAt(nameEnd)) < 0) {
            nameEnd++;
        }
        String element = stanza.substring(start + 1, nameEnd);
        int tagEnd = stanza.indexOf('>', nameEnd);
        String tag = tagEnd < 0 ? stanza.substring(nameEnd) : stanza.substring(nameEnd, tagEnd);
        String body = null;
        if (element.equals("message")) {
            int b = stanza.indexOf("<body>");
            int e = b < 0 ? -1 : stanza.indexOf("</body>", b);
            if (e > 0) {
                body = Stanzas.unescape(stanza.substring(b + 6, e));
            }
        }
        return new XmppEvent(element, attribute(tag, "type"), attribute(tag, "id"), body);
    }

    static String attribute(String tag, String name) {
        for (String quote : new String[] {"\"", "'"}) {
            String key = " " + name + "=" + quote;
            int i = tag.indexOf(key);
            if (i >= 0) {
                int from = i + key.length();
                int to = tag.indexOf(quote, from);
                if (to > 0) {
                    return Stanzas.unescape(tag.substring(from, to));
                }
            }
        }
        return null;
    }
}
