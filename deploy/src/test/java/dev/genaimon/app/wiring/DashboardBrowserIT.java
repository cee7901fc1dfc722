package dev.genaimon.app.wiring;

import static dev.genaimon.app.query.ViewFixtures.alert;
import static dev.genaimon.app.query.ViewFixtures.deadLetter;
import static dev.genaimon.app.query.ViewFixtures.segment;
import static dev.genaimon.app.query.ViewFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.metrics.PrometheusText;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.FeatureDrift;
import dev.genaimon.schemas.avro.Signal;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * genaimon on the embedded broker with signals, a drift report, alerts and a dead letter on their topics (alerting is
 * another stage; its AlertEvents are produced here directly), and the dashboard driven in a real headless Chromium
 * (Debian's chromium + chromium-driver; deploy/scripts/ensure-chromium.sh installs them). The firing alert and the
 * segment's charts must be visible; the screenshot is saved as target/dashboard-browser-it.png.
 */
@ExtendWith(SharedKafka.class)
class DashboardBrowserIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String SEGMENT = "acme/support-bot/gpt-4o-" + RUN + "/v3";
    private static final String RULE = "latency-p95-high";
    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = ItRuntime.start("dashboard", Map.of(ConfigKeys.ENRICH_ENABLED.name(), "false",
                ConfigKeys.DRIFT_ENABLED.name(), "false", ConfigKeys.OPS_ENABLED.name(), "false",
                // "latest" races with the records this test sends right after start; its keys are unique anyway
                ConfigKeys.AUTO_OFFSET_RESET.name(), "earliest"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldShowTheFiringAlertAndTheSegmentsChartsInARealBrowser() throws Exception {
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Path chromium = executable("CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Assumptions.assumeTrue(chromedriver != null && chromium != null,
                "Chromium or chromedriver not installed and not installable here (run deploy/scripts/"
                        + "ensure-chromium.sh as root): skipping the dashboard browser test");
        sendIncident();

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1440,1700", "--lang=en-US");
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().window().setSize(new Dimension(1440, 1700));
            browser.get("http://127.0.0.1:" + runtime.httpPort() + "/#segment="
                    + java.net.URLEncoder.encode(SEGMENT, java.nio.charset.StandardCharsets.UTF_8));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250));

            // the firing alert, with its evidence
            WebElement alertRow = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#alerts tr.alert-row[data-fingerprint='fp-latency-" + RUN + "']")));
            assertThat(alertRow.getText()).contains("firing", RULE, SEGMENT, "p95 latency above 2000 ms");
            assertThat(browser.findElement(By.id("firing-count")).getText()).isNotEqualTo("0");

            // the segment's charts: one per signal, each with a drawn line
            wait.until(d -> d.findElements(By.cssSelector("#segment-charts .chart-card svg.chart path.series"))
                    .size() >= 7);
            List<String> charted = browser.findElements(By.cssSelector("#segment-charts .chart-card")).stream()
                    .map(c -> c.getDomAttribute("data-signal")).toList();
            assertThat(charted).contains("ops.latency.p95_ms", "ops.error_rate", "ops.throttle_rate", "cost.usd",
                    "safety.injection.rate", "safety.pii.rate", "eval.groundedness.pass_rate");
            WebElement latency = browser.findElement(By.cssSelector(
                    "#segment-charts .chart-card[data-signal='ops.latency.p95_ms']"));
            assertThat(latency.isDisplayed()).isTrue();
            assertThat(latency.findElements(By.cssSelector("circle"))).hasSize(12);
            assertThat(latency.getText()).contains("2600"); // the latest value, in ms

            // drift: per-feature table and statistic over time
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#drift-table tbody tr")));
            assertThat(browser.findElement(By.id("drift-table")).getText()).contains("prompt_tokens", "drift");
            assertThat(browser.findElements(By.cssSelector("#drift-charts .chart-card svg path.series"))).isNotEmpty();

            // dead letters, pipeline health, and the silences API of another stage missing is shown, not fatal
            wait.until(d -> d.findElement(By.cssSelector("#dlq-counts tbody")).getText()
                    .contains("DESERIALIZATION_FAILED"));
            assertThat(browser.findElement(By.id("pipeline")).getText()).contains("view: RUNNING");
            // silences belong to the notifier: 404 before it is merged, a count after; either way the page works
            wait.until(d -> d.findElement(By.id("silences")).getText().startsWith("silences: "));

            Path shot = Path.of("target", "dashboard-browser-it.png");
            Files.createDirectories(shot.getParent());
            File png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(shot)).isGreaterThan(10_000);

            // search narrows the segment list
            browser.findElement(By.id("segment-search")).sendKeys("gpt-4o-" + RUN);
            wait.until(d -> d.findElement(By.id("segments-total")).getText().equals("1 total"));
        } finally {
            browser.quit();
            service.stop();
        }

        assertMetricsEndpoint();
    }

    /** The real /metrics: strictly valid text format, with the documented families of every kind. */
    private static void assertMetricsEndpoint() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<PrometheusText.Sample> samples = PrometheusText.parse(response.body());
        Set<String> names = samples.stream().map(PrometheusText.Sample::name).collect(Collectors.toSet());
        assertThat(names).contains("genaimon_signal_value", "genaimon_signal_series",
                "genaimon_signal_series_dropped_total", "genaimon_dlq_records_total", "genaimon_alert_transitions_total",
                "genaimon_alerts", "genaimon_streams_state", "genaimon_streams_thread_deaths_total",
                "genaimon_http_server_requests_seconds_count", "jvm_memory_used_bytes", "process_uptime_seconds");
        // the Kafka and JVM metrics the Grafana dashboards use exist under these names
        assertThat(names).containsAll(dev.genaimon.app.metrics.DocumentedMetrics.KAFKA_AND_JVM);
        assertThat(names).anyMatch(n -> n.startsWith("kafka_stream_"));
        assertThat(names).anyMatch(n -> n.startsWith("kafka_consumer_"));
        assertThat(names).anyMatch(n -> n.startsWith("kafka_producer_"));
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("genaimon_alerts");
            assertThat(s.labels()).containsEntry("state", "firing");
            assertThat(s.value()).isGreaterThanOrEqualTo(1.0);
        });
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("genaimon_streams_state");
            assertThat(s.labels()).containsEntry("stage", "view").containsEntry("state", "RUNNING");
            assertThat(s.value()).isEqualTo(1.0);
        });
    }

    private static void sendIncident() {
        Instant now = Instant.now();
        Instant t0 = now.minusSeconds(60L * 12).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Map<String, Object> props = runtime.kafka().clientProperties(Map.of());
        var topics = runtime.kafka().topics();
        try (KafkaProducer<String, Signal> signals = producer(props, topics.signals().value().serializer());
             KafkaProducer<String, AlertEvent> alerts = producer(props, topics.alerts().value().serializer());
             KafkaProducer<String, DriftReport> drift = producer(props, topics.driftReports().value().serializer());
             KafkaProducer<String, DeadLetter> dlq = producer(props, topics.dlq().value().serializer())) {
            for (int w = 0; w < 12; w++) {
                Instant at = t0.plusSeconds(60L * w);
                boolean incident = w >= 9;
                List<Signal> window = List.of(
                        signal(SEGMENT, "ops.latency.p95_ms", at, incident ? 2400 + 100 * (w - 9) : 900 + 30 * (w % 4)),
                        signal(SEGMENT, "ops.error_rate", at, incident ? 0.08 : 0.01),
                        signal(SEGMENT, "ops.throttle_rate", at, incident ? 0.12 : 0.0),
                        signal(SEGMENT, "ops.request_count", at, 240 + 10 * (w % 3)),
                        signal(SEGMENT, "cost.usd", at, 0.4 + 0.05 * w),
                        signal(SEGMENT, "safety.injection.rate", at, w == 10 ? 0.06 : 0.005),
                        signal(SEGMENT, "safety.pii.rate", Map.of("pii_type", "EMAIL_ADDRESS"), at, 0.01),
                        signal(SEGMENT, "eval.groundedness.pass_rate", at, incident ? 0.71 : 0.93),
                        signal(SEGMENT, "drift.prompt_tokens.psi", at, incident ? 0.31 : 0.04));
                for (Signal s : window) {
                    signals.send(new ProducerRecord<>(topics.signals().name(), SEGMENT + "/" + s.getName(), s));
                }
            }
            for (int i = 0; i < 60; i++) {
                String other = "tenant-" + i + "/app-" + RUN + "/gpt-4o-mini/v1";
                Signal s = signal(other, "ops.request_count", t0, 10 + i);
                signals.send(new ProducerRecord<>(topics.signals().name(), other + "/" + s.getName(), s));
            }
            drift.send(new ProducerRecord<>(topics.driftReports().name(), SEGMENT, DriftReport.newBuilder()
                    .setReportId("report-" + RUN).setSegment(segment(SEGMENT)).setWindowStart(t0.plusSeconds(600))
                    .setWindowEnd(t0.plusSeconds(660)).setBaselineKind("trailing").setCreatedAt(now)
                    .setFeatures(List.of(
                            new FeatureDrift("prompt_tokens", "numeric", 1200L, 230L,
                                    Map.of("psi", 0.31, "ks_statistic", 0.22, "ks_pvalue", 0.0001), "drift", "exact"),
                            new FeatureDrift("language", "categorical", 1200L, 230L,
                                    Map.of("psi", 0.02, "chi2_pvalue", 0.4), "no_drift", "exact")))
                    .build()));
            AlertEvent firing = alert("fp-latency-" + RUN, "firing", SEGMENT, now.minusSeconds(90));
            firing.setRule(RULE);
            alerts.send(new ProducerRecord<>(topics.alerts().name(), firing.getFingerprint(), firing));
            AlertEvent resolved = alert("fp-cost-" + RUN, "resolved", SEGMENT, now.minusSeconds(30));
            resolved.setRule("cost-burn");
            alerts.send(new ProducerRecord<>(topics.alerts().name(), resolved.getFingerprint(), resolved));
            dlq.send(new ProducerRecord<>(topics.dlq().name(), "k", deadLetter("dl-" + RUN, "enrich",
                    "DESERIALIZATION_FAILED", now)));
        }
    }

    private static <V> KafkaProducer<String, V> producer(Map<String, Object> props, Serializer<V> values) {
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private static Path executable(String env, String... candidates) {
        String configured = System.getenv(env);
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }
}
