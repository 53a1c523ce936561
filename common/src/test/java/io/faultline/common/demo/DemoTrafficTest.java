package io.faultline.common.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.common.demo.DemoTraffic.InjectedIncident;
import io.faultline.common.demo.DemoTraffic.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the generator against the input contract v1 with an independent validator (Jackson), and checks that
 * every injected incident is really visible in the data, on the default two-day run (generated once).
 */
class DemoTrafficTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern ISO_MILLIS_UTC = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final Set<String> LABEL_SOURCES = Set.of("outcome", "human", "system");
    private static final String FRAUD = "fraud-detector";
    private static final String CHURN = "churn-model";
    private static final String INTENT = "intent-classifier";

    @TempDir
    static Path defaultDir;

    private static DemoTraffic traffic;
    private static Summary summary;
    private static List<String> predictionLines;
    private static List<String> labelLines;
    private static List<String> deploymentLines;
    private static final List<String> malformed = new ArrayList<>();
    private static final List<PredictionRow> predictions = new ArrayList<>();
    private static final List<LabelRow> labels = new ArrayList<>();
    private static final List<JsonNode> deployments = new ArrayList<>();

    record PredictionRow(int lineIndex, String line, String eventId, long eventTime, String eventTimeText,
                         String model, String version, String prediction, double confidence, Double latencyMs,
                         JsonNode features) {}

    record LabelRow(String eventId, String label, long labelTime, String source, String reviewer) {}

    @BeforeAll
    static void generateDefaultRun() throws IOException {
        traffic = DemoTraffic.builder().build();
        summary = traffic.writeTo(defaultDir);
        predictionLines = readLines(defaultDir.resolve(DemoTraffic.PREDICTIONS_FILE));
        labelLines = readLines(defaultDir.resolve(DemoTraffic.LABELS_FILE));
        deploymentLines = readLines(defaultDir.resolve(DemoTraffic.DEPLOYMENTS_FILE));
        for (int i = 0; i < predictionLines.size(); i++) {
            String line = predictionLines.get(i);
            JsonNode node = validPrediction(line);
            if (node == null) {
                malformed.add(line);
                continue;
            }
            predictions.add(new PredictionRow(i, line, node.get("event_id").asText(), time(node.get("event_time")),
                    node.get("event_time").asText(), node.get("model").asText(), node.get("model_version").asText(),
                    node.get("prediction").asText(), node.get("confidence").asDouble(),
                    node.has("latency_ms") ? node.get("latency_ms").asDouble() : null, node.get("features")));
        }
        for (String line : labelLines) {
            JsonNode node = validLabel(line);
            if (node == null) {
                malformed.add(line);
                continue;
            }
            labels.add(new LabelRow(node.get("event_id").asText(), node.get("label").asText(),
                    time(node.get("label_time")), node.path("source").asText(null), node.path("reviewer").asText(null)));
        }
        for (String line : deploymentLines) {
            JsonNode node = validDeployment(line);
            if (node == null) {
                malformed.add(line);
            } else {
                deployments.add(node);
            }
        }
    }

    // ---- volume and contract --------------------------------------------------------------------------------

    @Test
    void defaultRunHasDemoSizedVolumeAndTheSummaryMatchesTheFiles() {
        assertThat(summary.predictionLines()).isEqualTo(predictionLines.size()).isBetween(100_000L, 150_000L);
        assertThat(summary.labelLines()).isEqualTo(labelLines.size());
        assertThat(summary.deploymentLines()).isEqualTo(deploymentLines.size());
        // About 40% of predictions get a label; labels due after the end of the run are not in the export yet.
        assertThat((double) labels.size() / predictions.size()).isBetween(0.33, 0.42);
        assertThat(traffic.models()).containsExactly(FRAUD, CHURN, INTENT);
    }

    @Test
    void everyLineFollowsTheContractExceptTheCountedMalformedOnes() {
        assertThat(malformed).hasSize((int) summary.malformedLines());
        double malformedPredictionShare = (double) (predictionLines.size() - predictions.size()) / predictionLines.size();
        assertThat(malformedPredictionShare).isBetween(0.002, 0.004);
        assertThat(labels.size()).isLessThan(labelLines.size());
        assertThat(deployments.size()).isLessThan(deploymentLines.size());
        // Every kind of malformation shows up.
        assertThat(malformed).contains("", "[1,2]");
        assertThat(malformed).anyMatch(l -> l.contains("\"confidence\":\"high\""));
        assertThat(malformed).anyMatch(l -> l.contains("\"confidence\":1.7"));
        assertThat(malformed).anyMatch(l -> l.contains("\"latency_ms\":-3"));
        assertThat(malformed).anyMatch(l -> l.contains("\"model\":\"../etc\""));
        assertThat(malformed).anyMatch(l -> l.contains(":NaN"));
        assertThat(malformed).anyMatch(l -> l.startsWith("{") && !l.contains("\"event_id\""));
        assertThat(malformed).anyMatch(l -> l.startsWith("{") && !l.endsWith("}"));
        assertThat(malformed).anyMatch(l -> l.contains("\"label_time\":\"yesterday\""));
        assertThat(malformed).anyMatch(l -> l.contains("\"max_batch_size\":64"));
    }

    @Test
    void timestampsAreIsoMillisUtcWithAFewEpochMillis() {
        long iso = predictions.stream().filter(p -> ISO_MILLIS_UTC.matcher(p.eventTimeText()).matches()).count();
        long epoch = predictions.stream().filter(p -> p.eventTimeText().matches("\\d+")).count();
        assertThat(iso + epoch).isEqualTo(predictions.size());
        assertThat((double) epoch / predictions.size()).isBetween(0.01, 0.03);
    }

    @Test
    void eventIdsAreUniqueExceptForDuplicatesWhichRepeatTheSameLineShortlyAfter() {
        Map<String, PredictionRow> first = new HashMap<>();
        int duplicates = 0;
        for (PredictionRow row : predictions) {
            PredictionRow original = first.putIfAbsent(row.eventId(), row);
            if (original == null) continue;
            duplicates++;
            assertThat(row.line()).isEqualTo(original.line());
            assertThat(row.lineIndex() - original.lineIndex()).isBetween(1, 50);
            assertThat(row.model()).isNotEqualTo(CHURN);
        }
        assertThat(duplicates).isEqualTo(summary.duplicateLines());
        assertThat((double) duplicates / predictions.size()).isBetween(0.003, 0.007);
        assertThat(predictions).allMatch(p -> p.eventId().matches("(fraud-detector|churn-model|intent-classifier)-\\d{9}"));
    }

    @Test
    void eventTimesStayInTheRunAndAreOutOfOrderByAtMostAFewSeconds() {
        long start = traffic.start().toEpochMilli();
        long end = traffic.end().toEpochMilli();
        long maxSeen = Long.MIN_VALUE;
        long worstLateness = 0;
        for (PredictionRow row : predictions) {
            assertThat(row.eventTime()).isBetween(start, end - 1);
            maxSeen = Math.max(maxSeen, row.eventTime());
            worstLateness = Math.max(worstLateness, maxSeen - row.eventTime());
        }
        assertThat(worstLateness).isPositive().isLessThanOrEqualTo(5_000);
    }

    @Test
    void labelsAreInLabelTimeOrderAndArriveAfterTheirPrediction() {
        Map<String, Long> eventTimes = new HashMap<>();
        predictions.forEach(p -> eventTimes.put(p.eventId(), p.eventTime()));
        long previous = Long.MIN_VALUE;
        for (LabelRow label : labels) {
            assertThat(label.labelTime()).isGreaterThanOrEqualTo(previous).isLessThan(traffic.end().toEpochMilli());
            previous = label.labelTime();
            assertThat(eventTimes).containsKey(label.eventId());
            long delay = label.labelTime() - eventTimes.get(label.eventId());
            assertThat(delay).isBetween(Duration.ofMinutes(1).toMillis(), Duration.ofHours(18).toMillis());
        }
        assertThat(labels).extracting(LabelRow::source).containsOnly("outcome", "human", "system");
    }

    @Test
    void someHumanReviewsDisagreeAndTheLaterReviewIsTheTruth() {
        Map<String, List<LabelRow>> byEvent = labelsByEvent();
        long disputed = byEvent.values().stream()
                .filter(reviews -> reviews.size() == 2)
                .filter(reviews -> reviews.stream().allMatch(r -> "human".equals(r.source()) && r.reviewer() != null))
                .filter(reviews -> !reviews.get(0).label().equals(reviews.get(1).label()))
                .filter(reviews -> !reviews.get(0).reviewer().equals(reviews.get(1).reviewer()))
                .count();
        assertThat(disputed).isBetween(20L, 1_000L);
        assertThat(byEvent.values()).allMatch(reviews -> reviews.size() <= 2);
    }

    @Test
    void deploymentsAreOrderedAndCarryFullLineage() {
        long previous = Long.MIN_VALUE;
        for (JsonNode deployment : deployments) {
            long deployedAt = time(deployment.get("deployed_at"));
            assertThat(deployedAt).isGreaterThanOrEqualTo(previous);
            previous = deployedAt;
            String model = deployment.get("model").asText();
            String version = deployment.get("model_version").asText();
            assertThat(deployment.get("environment").asText()).isEqualTo("prod");
            assertThat(deployment.get("deployment_id").asText()).startsWith("dep-" + model + "-");
            assertThat(deployment.get("checkpoint_uri").asText()).startsWith("s3://models/" + model + "/" + version + "/ckpt-");
            assertThat(deployment.get("code_version").asText()).matches("[0-9a-f]{40}");
            assertThat(deployment.get("training_data_version").asText()).isNotBlank();
            assertThat(deployment.get("preprocessing_version").asText()).isNotBlank();
            List<JsonNode> flags = new ArrayList<>();
            deployment.get("feature_flags").elements().forEachRemaining(flags::add);
            assertThat(flags).anyMatch(JsonNode::isBoolean).anyMatch(JsonNode::isTextual);
        }
        for (String model : List.of(FRAUD, CHURN, INTENT)) {
            JsonNode initial = deployments.stream().filter(d -> d.get("model").asText().equals(model)).findFirst().orElseThrow();
            assertThat(time(initial.get("deployed_at"))).isLessThan(traffic.start().toEpochMilli());
            Set<String> versionsSeenBeforeIncidents = new HashSet<>();
            predictions.stream().filter(p -> p.model().equals(model) && p.eventTime() < traffic.start().toEpochMilli() + 3_600_000)
                    .forEach(p -> versionsSeenBeforeIncidents.add(p.version()));
            assertThat(versionsSeenBeforeIncidents).containsExactly(initial.get("model_version").asText());
        }
    }

    // ---- injected incidents ---------------------------------------------------------------------------------

    @Test
    void injectedIncidentsAreListedWithExactRanges() {
        assertThat(traffic.injectedIncidents()).extracting(InjectedIncident::kind).containsExactlyInAnyOrder(
                DemoTraffic.MALFORMED_RECORDS, DemoTraffic.DUPLICATE_EVENTS, DemoTraffic.LATENCY_SPIKE,
                DemoTraffic.FEATURE_SHIFT, DemoTraffic.BAD_DEPLOYMENT, DemoTraffic.UNREGISTERED_VERSION);
        InjectedIncident spike = incident(DemoTraffic.LATENCY_SPIKE);
        assertThat(spike.model()).isEqualTo(INTENT);
        assertThat(spike.modelVersion()).isEqualTo("1.8.2");
        assertThat(spike.start()).isEqualTo(Instant.parse("2026-10-01T09:00:00Z"));
        assertThat(spike.end()).isEqualTo(Instant.parse("2026-10-01T11:00:00Z"));
        InjectedIncident shift = incident(DemoTraffic.FEATURE_SHIFT);
        assertThat(shift.model()).isEqualTo(FRAUD);
        assertThat(Duration.between(shift.start(), shift.end())).isEqualTo(Duration.ofHours(6));
        InjectedIncident bad = incident(DemoTraffic.BAD_DEPLOYMENT);
        assertThat(bad.model()).isEqualTo(INTENT);
        assertThat(bad.modelVersion()).isEqualTo("1.9.0");
        InjectedIncident unregistered = incident(DemoTraffic.UNREGISTERED_VERSION);
        assertThat(unregistered.model()).isEqualTo(FRAUD);
        assertThat(Duration.between(unregistered.start(), unregistered.end())).isEqualTo(Duration.ofHours(1));
        for (InjectedIncident incident : traffic.injectedIncidents()) {
            assertThat(incident.start()).isBeforeOrEqualTo(incident.end());
            assertThat(incident.start()).isAfterOrEqualTo(traffic.start());
            assertThat(incident.end()).isBeforeOrEqualTo(traffic.end());
            assertThat(incident.description()).isNotBlank();
        }
    }

    @Test
    void latencySpikeIsVisibleOnlyInsideItsWindow() {
        InjectedIncident spike = incident(DemoTraffic.LATENCY_SPIKE);
        Predicate<PredictionRow> inSpike = p -> p.model().equals(spike.model()) && within(p, spike);
        List<PredictionRow> withLatency = predictions.stream().filter(p -> p.latencyMs() != null).toList();
        assertThat(shareAboveSlo(withLatency.stream().filter(inSpike).toList())).isGreaterThan(0.8);
        assertThat(shareAboveSlo(withLatency.stream().filter(inSpike.negate()).toList())).isLessThan(0.005);
        double[] healthy = withLatency.stream().filter(inSpike.negate()).mapToDouble(PredictionRow::latencyMs).sorted().toArray();
        assertThat(healthy[healthy.length / 10]).isGreaterThanOrEqualTo(8.0);
        assertThat(healthy[healthy.length * 9 / 10]).isLessThanOrEqualTo(60.0);
    }

    @Test
    void featureShiftTriplesAmountsAndChangesTheCountryMix() {
        InjectedIncident shift = incident(DemoTraffic.FEATURE_SHIFT);
        List<PredictionRow> fraud = predictions.stream().filter(p -> p.model().equals(FRAUD)).toList();
        List<PredictionRow> inside = fraud.stream().filter(p -> within(p, shift)).toList();
        List<PredictionRow> outside = fraud.stream().filter(p -> !within(p, shift)).toList();
        double ratio = median(inside, "amount") / median(outside, "amount");
        assertThat(ratio).isBetween(2.5, 3.5);
        assertThat(share(inside, p -> p.features().get("country").asText().equals("BR"))).isGreaterThan(0.15);
        assertThat(share(outside, p -> p.features().get("country").asText().equals("BR"))).isZero();
    }

    @Test
    void badDeploymentIsRegisteredRolledBackAndClearlyWorse() {
        InjectedIncident bad = incident(DemoTraffic.BAD_DEPLOYMENT);
        JsonNode deployment = deploymentOf(bad.model(), bad.modelVersion());
        assertThat(time(deployment.get("deployed_at"))).isEqualTo(bad.start().toEpochMilli());
        // The rollback is a deployment event of the previous version at the incident's end.
        assertThat(deployments).anyMatch(d -> d.get("model").asText().equals(bad.model())
                && d.get("model_version").asText().equals("1.8.2")
                && time(d.get("deployed_at")) == bad.end().toEpochMilli());

        List<PredictionRow> badRows = predictions.stream()
                .filter(p -> p.model().equals(bad.model()) && p.version().equals(bad.modelVersion())).toList();
        assertThat(badRows).isNotEmpty().allMatch(p -> within(p, bad));
        List<PredictionRow> healthyRows = predictions.stream()
                .filter(p -> p.model().equals(bad.model()) && !p.version().equals(bad.modelVersion())).toList();
        assertThat(healthyRows).noneMatch(p -> within(p, bad));
        assertThat(errorRate(badRows)).isBetween(0.28, 0.42);
        assertThat(errorRate(healthyRows)).isBetween(0.02, 0.08);
        assertThat(meanConfidence(badRows)).isLessThan(meanConfidence(healthyRows) - 0.1);
    }

    @Test
    void unregisteredVersionHasNoDeploymentEvent() {
        InjectedIncident unregistered = incident(DemoTraffic.UNREGISTERED_VERSION);
        List<PredictionRow> rows = predictions.stream().filter(p -> p.model().equals(unregistered.model())
                && p.version().equals(unregistered.modelVersion())).toList();
        assertThat(rows).hasSizeGreaterThan(50).allMatch(p -> within(p, unregistered));
        assertThat(deployments).noneMatch(d -> d.get("model_version").asText().equals(unregistered.modelVersion()));
        Set<String> deployedVersions = new HashSet<>();
        deployments.forEach(d -> deployedVersions.add(d.get("model").asText() + "|" + d.get("model_version").asText()));
        assertThat(predictions).filteredOn(p -> !p.version().equals(unregistered.modelVersion()))
                .allMatch(p -> deployedVersions.contains(p.model() + "|" + p.version()));
    }

    @Test
    void churnModelIsAHealthyControl() {
        assertThat(traffic.injectedIncidents()).noneMatch(i -> CHURN.equals(i.model()));
        List<PredictionRow> churn = predictions.stream().filter(p -> p.model().equals(CHURN)).toList();
        assertThat(churn).hasSizeGreaterThan(40_000);
        assertThat(churn).extracting(PredictionRow::version).containsOnly("2026.09.1");
        assertThat(errorRate(churn)).isLessThan(0.1);
        assertThat(shareAboveSlo(churn.stream().filter(p -> p.latencyMs() != null).toList())).isLessThan(0.001);
        assertThat(malformed).noneMatch(l -> l.contains(CHURN));
        assertThat(DemoTraffic.builder().models(CHURN).duration(Duration.ofHours(3)).build().injectedIncidents()).isEmpty();
    }

    @Test
    void predictionsAreMostlyCorrect() {
        InjectedIncident bad = incident(DemoTraffic.BAD_DEPLOYMENT);
        for (String model : List.of(FRAUD, CHURN, INTENT)) {
            List<PredictionRow> rows = predictions.stream()
                    .filter(p -> p.model().equals(model) && !p.version().equals(bad.modelVersion())).toList();
            assertThat(errorRate(rows)).as(model).isLessThan(0.1);
        }
    }

    // ---- determinism, iterators, settings --------------------------------------------------------------------

    @Test
    void sameSettingsGiveByteIdenticalFilesAndAnotherSeedDiffers(@TempDir Path dir) throws IOException {
        DemoTraffic.Builder settings = DemoTraffic.builder().seed(99).duration(Duration.ofHours(12)).eventsPerModelPerHour(400);
        Summary first = settings.build().writeTo(dir.resolve("a"));
        Summary second = settings.build().writeTo(dir.resolve("b"));
        DemoTraffic.builder().seed(100).duration(Duration.ofHours(12)).eventsPerModelPerHour(400).build()
                .writeTo(dir.resolve("c"));
        assertThat(second).isEqualTo(first);
        for (String file : List.of(DemoTraffic.PREDICTIONS_FILE, DemoTraffic.LABELS_FILE, DemoTraffic.DEPLOYMENTS_FILE)) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
        assertThat(Files.readAllBytes(dir.resolve("c").resolve(DemoTraffic.PREDICTIONS_FILE)))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a").resolve(DemoTraffic.PREDICTIONS_FILE)));
        assertThat(Files.readAllBytes(dir.resolve("c").resolve(DemoTraffic.LABELS_FILE)))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a").resolve(DemoTraffic.LABELS_FILE)));
    }

    @Test
    void iteratorsGiveTheLinesOfTheFiles(@TempDir Path dir) throws IOException {
        DemoTraffic small = DemoTraffic.builder().seed(3).duration(Duration.ofHours(8)).eventsPerModelPerHour(200).build();
        small.writeTo(dir);
        assertThat(drain(small.predictions())).isEqualTo(readLines(dir.resolve(DemoTraffic.PREDICTIONS_FILE)));
        assertThat(drain(small.labels())).isEqualTo(readLines(dir.resolve(DemoTraffic.LABELS_FILE)));
        assertThat(drain(small.deployments())).isEqualTo(readLines(dir.resolve(DemoTraffic.DEPLOYMENTS_FILE)));
    }

    @Test
    void incidentScheduleScalesWithTheDuration() {
        DemoTraffic sixHours = DemoTraffic.builder().duration(Duration.ofHours(6)).build();
        InjectedIncident shift = sixHours.injectedIncidents().stream()
                .filter(i -> i.kind().equals(DemoTraffic.FEATURE_SHIFT)).findFirst().orElseThrow();
        // Hours 14-20 of the two-day plan are 1h45m-2h30m of a six-hour run.
        assertThat(shift.start()).isEqualTo(Instant.parse("2026-10-01T01:45:00Z"));
        assertThat(shift.end()).isEqualTo(Instant.parse("2026-10-01T02:30:00Z"));
    }

    @Test
    void cleanRunInjectsNothing(@TempDir Path dir) throws IOException {
        DemoTraffic clean = DemoTraffic.builder().injectIncidents(false).duration(Duration.ofHours(4)).build();
        Summary cleanSummary = clean.writeTo(dir);
        assertThat(clean.injectedIncidents()).isEmpty();
        assertThat(cleanSummary.malformedLines()).isZero();
        assertThat(cleanSummary.duplicateLines()).isZero();
        assertThat(cleanSummary.deploymentLines()).isEqualTo(3);
        for (String line : readLines(dir.resolve(DemoTraffic.PREDICTIONS_FILE))) {
            assertThat(validPrediction(line)).as(line).isNotNull();
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> DemoTraffic.builder().models("no-such-model")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoTraffic.builder().models()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoTraffic.builder().duration(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoTraffic.builder().eventsPerModelPerHour(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DemoTraffic.availableModels()).containsExactly(FRAUD, CHURN, INTENT);
    }

    // ---- an independent contract v1 validator: null when the line must be rejected ----------------------------

    static JsonNode validPrediction(String line) {
        JsonNode node = parseObject(line);
        if (node == null) return null;
        boolean ok = isId(node.get("event_id")) && isTime(node.get("event_time"))
                && isSafeName(node.get("model")) && isSafeName(node.get("model_version"))
                && node.path("features").isObject() && allValues(node.get("features"), v -> v.isNumber() || v.isTextual() || v.isBoolean() || v.isNull())
                && (node.path("prediction").isTextual() || node.path("prediction").isNumber())
                && optional(node, "confidence", v -> v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1)
                && optional(node, "scores", v -> v.isObject() && allValues(v, s -> s.isNumber() && s.asDouble() >= 0 && s.asDouble() <= 1))
                && optional(node, "latency_ms", v -> v.isNumber() && v.asDouble() >= 0)
                && optional(node, "segment", JsonNode::isTextual)
                && optional(node, "attributes", v -> v.isObject() && allValues(v, JsonNode::isTextual))
                && optional(node, "schema_version", v -> v.isInt() && v.asInt() == 1);
        return ok ? node : null;
    }

    static JsonNode validLabel(String line) {
        JsonNode node = parseObject(line);
        if (node == null) return null;
        boolean ok = isId(node.get("event_id"))
                && (node.path("label").isTextual() || node.path("label").isNumber())
                && isTime(node.get("label_time"))
                && optional(node, "source", v -> v.isTextual() && LABEL_SOURCES.contains(v.asText()))
                && optional(node, "reviewer", JsonNode::isTextual)
                && optional(node, "justification", JsonNode::isTextual);
        return ok ? node : null;
    }

    static JsonNode validDeployment(String line) {
        JsonNode node = parseObject(line);
        if (node == null) return null;
        boolean ok = isSafeName(node.get("model")) && isSafeName(node.get("model_version")) && isTime(node.get("deployed_at"))
                && optional(node, "feature_flags", v -> v.isObject() && allValues(v, f -> f.isTextual() || f.isBoolean()));
        for (String field : List.of("deployment_id", "environment", "checkpoint_uri", "training_data_version",
                "code_version", "preprocessing_version")) {
            ok &= optional(node, field, JsonNode::isTextual);
        }
        return ok ? node : null;
    }

    private static JsonNode parseObject(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isId(JsonNode v) {
        return v != null && v.isTextual() && !v.asText().isEmpty() && v.asText().length() <= 128;
    }

    private static boolean isSafeName(JsonNode v) {
        return v != null && v.isTextual() && SAFE_NAME.matcher(v.asText()).matches() && !v.asText().startsWith(".");
    }

    private static boolean isTime(JsonNode v) {
        if (v == null) return false;
        if (v.isIntegralNumber()) return true;
        if (!v.isTextual()) return false;
        try {
            OffsetDateTime.parse(v.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean optional(JsonNode node, String field, Predicate<JsonNode> check) {
        return !node.has(field) || check.test(node.get(field));
    }

    private static boolean allValues(JsonNode object, Predicate<JsonNode> check) {
        Iterator<JsonNode> values = object.elements();
        while (values.hasNext()) {
            if (!check.test(values.next())) return false;
        }
        return true;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static long time(JsonNode v) {
        return v.isIntegralNumber() ? v.asLong() : OffsetDateTime.parse(v.asText()).toInstant().toEpochMilli();
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<String> drain(Iterator<String> lines) {
        List<String> all = new ArrayList<>();
        lines.forEachRemaining(all::add);
        return all;
    }

    private static InjectedIncident incident(String kind) {
        return traffic.injectedIncidents().stream().filter(i -> i.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static boolean within(PredictionRow row, InjectedIncident incident) {
        return row.eventTime() >= incident.start().toEpochMilli() && row.eventTime() < incident.end().toEpochMilli();
    }

    private static JsonNode deploymentOf(String model, String version) {
        return deployments.stream().filter(d -> d.get("model").asText().equals(model)
                && d.get("model_version").asText().equals(version)).findFirst().orElseThrow();
    }

    private static Map<String, List<LabelRow>> labelsByEvent() {
        Map<String, List<LabelRow>> byEvent = new HashMap<>();
        labels.forEach(l -> byEvent.computeIfAbsent(l.eventId(), k -> new ArrayList<>()).add(l));
        return byEvent;
    }

    /** Share of labelled predictions whose effective (newest) label differs from the prediction. */
    private static double errorRate(List<PredictionRow> rows) {
        Map<String, LabelRow> effective = new HashMap<>();
        labels.forEach(l -> effective.merge(l.eventId(), l, (a, b) -> b.labelTime() >= a.labelTime() ? b : a));
        Set<String> seen = new HashSet<>();
        long labelled = 0;
        long wrong = 0;
        for (PredictionRow row : rows) {
            LabelRow label = effective.get(row.eventId());
            if (label == null || !seen.add(row.eventId())) continue;
            labelled++;
            if (!label.label().equals(row.prediction())) wrong++;
        }
        assertThat(labelled).isGreaterThan(100);
        return (double) wrong / labelled;
    }

    private static double meanConfidence(List<PredictionRow> rows) {
        return rows.stream().mapToDouble(PredictionRow::confidence).average().orElseThrow();
    }

    private static double shareAboveSlo(List<PredictionRow> rows) {
        return share(rows, p -> p.latencyMs() > 100);
    }

    private static double share(List<PredictionRow> rows, Predicate<PredictionRow> condition) {
        assertThat(rows).isNotEmpty();
        return (double) rows.stream().filter(condition).count() / rows.size();
    }

    private static double median(List<PredictionRow> rows, String feature) {
        double[] values = rows.stream().mapToDouble(p -> p.features().get(feature).asDouble()).sorted().toArray();
        return values[values.length / 2];
    }
}
