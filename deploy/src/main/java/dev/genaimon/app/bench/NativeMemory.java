package dev.genaimon.app.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The JVM's Native Memory Tracking summary of this process (what {@code jcmd PID VM.native_memory summary} prints),
 * read through the DiagnosticCommand MBean. Only there when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary}. What NMT does not see: memory allocated by native libraries with their
 * own malloc (RocksDB's block cache, memtables and table readers), which is RSS minus NMT's committed total.
 */
final class NativeMemory {

    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB",
            Pattern.MULTILINE);

    private NativeMemory() {
    }

    /** The summary text, or null when NMT is off or the MBean is not there. */
    static String summary() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            String summary = String.valueOf(text);
            return TOTAL.matcher(summary).find() ? summary : null; // "Native memory tracking is not enabled"
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /** Committed kB per category of a summary, "Total" first; empty for null or a text without categories. */
    static Map<String, Long> committedKb(String summary) {
        Map<String, Long> result = new LinkedHashMap<>();
        if (summary == null) {
            return result;
        }
        Matcher total = TOTAL.matcher(summary);
        if (total.find()) {
            result.put("Total", Long.parseLong(total.group(2)));
        }
        Matcher category = CATEGORY.matcher(summary);
        while (category.find()) {
            result.put(category.group(1).strip(), Long.parseLong(category.group(3)));
        }
        return result;
    }
}
