package dev.genaimon.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/**
 * The Azure LLM inference trace (2023, {@code TIMESTAMP,ContextTokens,GeneratedTokens}): arrival times and token counts
 * of real requests, used as the benchmark's load shape (gaps between arrivals, and sizes from the token counts).
 */
record AzureTrace(List<Arrival> arrivals) {

    /** One request: arrival in microseconds since the epoch (UTC), prompt and generated tokens. */
    record Arrival(long epochMicros, int contextTokens, int generatedTokens) {
    }

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    static AzureTrace read(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv)) {
            return parse(reader);
        }
    }

    /** Parses the CSV; a malformed line is an error naming the line (a benchmark on a half-read trace would lie). */
    static AzureTrace parse(Reader source) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        String header = reader.readLine();
        if (header == null || !header.strip().equalsIgnoreCase("TIMESTAMP,ContextTokens,GeneratedTokens")) {
            throw new IOException("not an Azure inference trace: header is '" + header + "'");
        }
        List<Arrival> arrivals = new ArrayList<>();
        String line;
        int number = 1;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",");
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("expected 3 fields, got " + parts.length);
                }
                LocalDateTime at = LocalDateTime.parse(parts[0].strip(), TIMESTAMP);
                long micros = at.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + at.getNano() / 1_000;
                int context = Integer.parseInt(parts[1].strip());
                int generated = Integer.parseInt(parts[2].strip());
                if (context < 0 || generated < 0) {
                    throw new IllegalArgumentException("negative token count");
                }
                arrivals.add(new Arrival(micros, context, generated));
            } catch (RuntimeException e) {
                throw new IOException("trace line " + number + ": " + e.getMessage() + ": '" + line + "'", e);
            }
        }
        arrivals.sort(java.util.Comparator.comparingLong(Arrival::epochMicros));
        return new AzureTrace(List.copyOf(arrivals));
    }

    /** Gaps between consecutive arrivals in milliseconds (one fewer than arrivals). */
    List<Double> gapsMillis() {
        List<Double> gaps = new ArrayList<>(Math.max(0, arrivals.size() - 1));
        for (int i = 1; i < arrivals.size(); i++) {
            gaps.add((arrivals.get(i).epochMicros() - arrivals.get(i - 1).epochMicros()) / 1000.0);
        }
        return gaps;
    }

    /**
     * Interaction sizes in bytes following the trace's tokens (context + generated), repeated when shorter, scaled so
     * their mean is {@code meanBytes} and clamped to [{@code minBytes}, 16 x mean]: the trace's size distribution at
     * the benchmark's chosen average.
     */
    int[] sizes(int count, int meanBytes, int minBytes) {
        if (arrivals.isEmpty()) {
            throw new IllegalStateException("empty trace");
        }
        double meanTokens = arrivals.stream().mapToLong(a -> a.contextTokens() + (long) a.generatedTokens())
                .average().orElse(1);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            Arrival a = arrivals.get(i % arrivals.size());
            double scaled = (a.contextTokens() + (double) a.generatedTokens()) / Math.max(1, meanTokens) * meanBytes;
            sizes[i] = (int) Math.max(minBytes, Math.min(16.0 * meanBytes, Math.round(scaled)));
        }
        return sizes;
    }
}
