package io.parley.loadtest.coord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which classes grew between two {@code jcmd GC.class_histogram} outputs, per connection: where the heap goes. */
public final class ClassHistogram {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private ClassHistogram() {
    }

    record Row(long instances, long bytes) {
    }

    static Map<String, Row> parse(String text) {
        Map<String, Row> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(3), new Row(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return rows;
    }

    /** The {@code limit} classes that grew most, as "bytes/conn instances/conn class". */
    public static List<String> topGrowth(String before, String after, long connections, int limit) {
        Map<String, Row> a = parse(before);
        Map<String, Row> b = parse(after);
        List<Map.Entry<String, long[]>> growth = new ArrayList<>();
        b.forEach((name, row) -> {
            Row old = a.getOrDefault(name, new Row(0, 0));
            growth.add(Map.entry(name, new long[] {row.bytes() - old.bytes(), row.instances() - old.instances()}));
        });
        growth.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        List<String> out = new ArrayList<>();
        double n = Math.max(1, connections);
        for (Map.Entry<String, long[]> e : growth.subList(0, Math.min(limit, growth.size()))) {
            out.add(String.format("%.0f\t%.2f\t%s", e.getValue()[0] / n, e.getValue()[1] / n, e.getKey()));
        }
        return out;
    }
}
