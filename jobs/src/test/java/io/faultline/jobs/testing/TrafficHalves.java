package io.faultline.jobs.testing;

import io.faultline.common.demo.DemoTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic a {@link DemoTraffic} wrote, cut in two so that a stream can be fed the first half, disturbed
 * (stopped with a savepoint, its broker restarted, ...), and fed the second half. The cut lies in the middle half
 * of the predictions where the most (first line, retry) pairs of one event id span it; labels go with the half
 * their {@code label_time} falls in (before or after the first event time of the second half). Deployments all
 * belong to the first half.
 * Duplicates and labels of first-half predictions then reach the second half, where only state carried
 * across the disturbance gets them right.
 */
public record TrafficHalves(List<String> deployments, List<String> firstPredictions, List<String> secondPredictions,
        List<String> firstLabels, List<String> secondLabels) {
    private static final Pattern EVENT_TIME = Pattern.compile("\"event_time\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LABEL_TIME = Pattern.compile("\"label_time\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");

    /** The halves of the files under {@code input} (as {@link DemoTraffic#writeTo} names them). */
    public static TrafficHalves of(Path input) throws IOException {
        List<String> predictions = Files.readAllLines(input.resolve(DemoTraffic.PREDICTIONS_FILE));
        List<String> labels = Files.readAllLines(input.resolve(DemoTraffic.LABELS_FILE));
        List<String> deployments = Files.readAllLines(input.resolve(DemoTraffic.DEPLOYMENTS_FILE));
        int half = cutThroughMostDuplicates(predictions);
        long splitTime = firstTimeFrom(predictions, half, EVENT_TIME);
        List<List<String>> labelHalves = splitLabels(labels, splitTime);
        return new TrafficHalves(deployments, predictions.subList(0, half),
                predictions.subList(half, predictions.size()), labelHalves.get(0), labelHalves.get(1));
    }

    /** Second-half predictions that repeat the event id of a first-half one (retries across the cut). */
    public long duplicatesAcrossTheCut() {
        Set<String> first = eventIds(firstPredictions);
        return secondPredictions.stream().filter(l -> first.contains(eventId(l))).count();
    }

    /** Second-half labels of first-half predictions. */
    public long labelsAcrossTheCut() {
        Set<String> first = eventIds(firstPredictions);
        return secondLabels.stream().filter(l -> first.contains(eventId(l))).count();
    }

    /**
     * Creates the topics {@code predictions} ({@code predictionPartitions} partitions), {@code labels} and
     * {@code deployments} (one each) and produces the deployments and the first half.
     */
    public void produceFirstHalf(TestingKafkaClient kafka, int predictionPartitions) {
        kafka.createTopic("predictions", predictionPartitions);
        kafka.createTopic("labels", 1);
        kafka.createTopic("deployments", 1);
        kafka.produceLines("deployments", deployments);
        kafka.produceLines("predictions", firstPredictions);
        kafka.produceLines("labels", firstLabels);
    }

    /** Produces the second half to the topics {@link #produceFirstHalf} created. */
    public void produceSecondHalf(TestingKafkaClient kafka) {
        kafka.produceLines("predictions", secondPredictions);
        kafka.produceLines("labels", secondLabels);
    }

    /**
     * The cut, in the middle half of the lines, that the most (first line, retry) pairs of one event id
     * span: those retries reach run 2, where only the restored dedup state recognises them.
     */
    private static int cutThroughMostDuplicates(List<String> lines) {
        int n = lines.size();
        int[] spanning = new int[n + 1];
        Map<String, Integer> firstSeen = new HashMap<>();
        for (int j = 0; j < n; j++) {
            String id = eventId(lines.get(j));
            if (id == null) {
                continue;
            }
            Integer i = firstSeen.putIfAbsent(id, j);
            if (i != null) {
                // Cuts i+1..j put line i in the first half and line j in the second.
                spanning[i + 1]++;
                spanning[j + 1]--;
            }
        }
        int best = n / 2;
        int bestCount = -1;
        int running = 0;
        for (int c = 0; c <= n; c++) {
            running += spanning[c];
            if (c >= n / 4 && c <= 3 * n / 4 && running > bestCount) {
                best = c;
                bestCount = running;
            }
        }
        System.out.printf("split after %d of %d prediction lines: %d retries span it%n", best, n, bestCount);
        return best;
    }

    private static Set<String> eventIds(List<String> lines) {
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            String id = eventId(line);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String eventId(String line) {
        Matcher m = EVENT_ID.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The first parseable time at or after {@code from}. */
    private static long firstTimeFrom(List<String> lines, int from, Pattern field) {
        for (int i = from; i < lines.size(); i++) {
            OptionalLong t = time(lines.get(i), field);
            if (t.isPresent()) {
                return t.getAsLong();
            }
        }
        throw new IllegalStateException("no parseable time from line " + from);
    }

    /**
     * Labels with label_time before {@code split} first, the rest second; an unparseable (malformed) label
     * goes with the half its neighbours in the file are in.
     */
    private static List<List<String>> splitLabels(List<String> labels, long split) {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        boolean pastSplit = false;
        for (String line : labels) {
            OptionalLong t = time(line, LABEL_TIME);
            if (t.isPresent()) {
                pastSplit = t.getAsLong() >= split;
                (pastSplit ? second : first).add(line);
            } else {
                (pastSplit ? second : first).add(line);
            }
        }
        return List.of(first, second);
    }

    private static OptionalLong time(String line, Pattern field) {
        Matcher m = field.matcher(line);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        String raw = m.group(1);
        try {
            if (raw.startsWith("\"")) {
                return OptionalLong.of(Instant.parse(raw.substring(1, raw.length() - 1)).toEpochMilli());
            }
            return OptionalLong.of(Long.parseLong(raw));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
