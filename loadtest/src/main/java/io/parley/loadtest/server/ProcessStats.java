package io.parley.loadtest.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What /proc and jcmd say about a server process (and, for CPU, its child processes: PostgreSQL, beam's helpers). */
public final class ProcessStats {
    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern HEAP_USED = Pattern.compile("committed (\\d+)K, used (\\d+)K");

    private ProcessStats() {
    }

    /**
     * CPU seconds (user + system) of the process and all its descendants, those alive now and those that ended (a
     * process's reaped children count in its own stat): never less than before, however many PostgreSQL backends end.
     */
    public static double cpuSeconds(long pid) {
        double total = cpuWithEnded(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += cpuWithEnded(child.pid());
        }
        return total;
    }

    /** CPU seconds of one process and of its children that ended and were waited for. */
    private static double cpuWithEnded(long pid) {
        return stat(pid, 11, 12, 13, 14);
    }

    /** CPU seconds of one process (user + system). */
    public static double cpuOf(long pid) {
        return stat(pid, 11, 12);
    }

    /**
     * The sum of some of /proc/PID/stat's tick fields, in seconds; counted after the command: state(0) ppid(1) ...
     * utime(11) stime(12) cutime(13) cstime(14).
     */
    private static double stat(long pid, int... fields) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int field : fields) {
                ticks += Long.parseLong(f[field]);
            }
            return ticks / (double) TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds the whole machine spent busy (all cores, /proc/stat): what else ran besides server and load generator. */
    public static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / (double) TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident set size in bytes. */
    public static long rssBytes(long pid) {
        return statusField(pid, "VmRSS:") * 1024;
    }

    public static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** Sum of the RSS of the process's descendants (embedded PostgreSQL). */
    public static long descendantsRssBytes(long pid) {
        long total = 0;
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += rssBytes(child.pid());
        }
        return total;
    }

    /** Kernel TCP buffer memory in bytes (/proc/net/sockstat "TCP ... mem" pages): every socket on the machine. */
    public static long tcpMemBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    String[] f = line.split("\\s+");
                    for (int i = 0; i < f.length - 1; i++) {
                        if (f[i].equals("mem")) {
                            return Long.parseLong(f[i + 1]) * 4096;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // no proc
        }
        return 0;
    }

    /** Bytes in the kernel's TCP socket slabs (TCP, request socks, sock inodes), from /proc/slabinfo. */
    public static long tcpSlabBytes() {
        long total = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/slabinfo"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[0].equals("TCP") || f[0].equals("sock_inode_cache") || f[0].equals("request_sock_TCP"))) {
                    total += Long.parseLong(f[1]) * Long.parseLong(f[3]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    /**
     * Established TCP connections whose local end is each of {@code locals} ("address:port", IPv4), from
     * /proc/net/tcp and /proc/net/tcp6 (a JVM's sockets are IPv6 ones with IPv4-mapped addresses): a server's
     * accepted sockets. Zero for an address with none.
     */
    public static Map<String, Long> established(Collection<String> locals) {
        Map<String, String> byHex = new HashMap<>();
        for (String local : locals) {
            byHex.put(hex(local), local);
            byHex.put(MAPPED + hex(local), local);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        locals.forEach(l -> counts.put(l, 0L));
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (var lines = Files.lines(Path.of(table))) {
                lines.skip(1).forEach(line -> {
                    String[] f = line.trim().split("\\s+", 5);
                    // sl, local_address, rem_address, st (01 = ESTABLISHED), ...
                    if (f.length >= 4 && f[3].equals("01")) {
                        String local = byHex.get(f[1]);
                        if (local != null) {
                            counts.merge(local, 1L, Long::sum);
                        }
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                // no such table: nothing counted from it
            }
        }
        return counts;
    }

    /** How /proc/net/tcp6 begins an IPv4-mapped address (::ffff:a.b.c.d), before the IPv4 part. */
    private static final String MAPPED = "0000000000000000FFFF0000";

    /** "127.0.0.2:8080" as /proc/net/tcp writes it: "0200007F:1F90" (the address's bytes in host order, little-endian here). */
    static String hex(String local) {
        int colon = local.lastIndexOf(':');
        String[] octets = local.substring(0, colon).split("\\.");
        int port = Integer.parseInt(local.substring(colon + 1));
        StringBuilder address = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            address.append(String.format("%02X", Integer.parseInt(octets[i])));
        }
        return address + ":" + String.format("%04X", port);
    }

    public static int openFiles(long pid) {
        String[] fds = new java.io.File("/proc/" + pid + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Runs a full GC in a JVM, then answers its used heap in bytes (jcmd GC.heap_info). */
    public static long heapUsedAfterGc(long pid) {
        jcmd(pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
    }

    public static String jcmd(long pid, String... command) {
        List<String> cmd = new ArrayList<>(List.of(jdkTool("jcmd"), Long.toString(pid)));
        cmd.addAll(List.of(command));
        return run(cmd, 120);
    }

    public static String jdkTool(String name) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path tool = Path.of(java).resolveSibling(name);
        return Files.isExecutable(tool) ? tool.toString() : name;
    }

    public static String run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            return new String(out);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
