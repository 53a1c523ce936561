package io.faultline.common.remediation;

import io.faultline.common.incident.Incident;
import io.faultline.common.model.FailureRecord;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code {placeholder}} slots filled from an incident or a catalog row. A value that is not known renders
 * as {@code unknown}; numbers render with four decimals, instants in ISO-8601 UTC. Any other brace is literal text.
 */
final class Template implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");

    /** The placeholders an incident rule may use. */
    static final Set<String> INCIDENT_PLACEHOLDERS = Set.of("incident_id", "model", "kind", "category", "cause",
            "versions", "affected_versions", "signal_key", "new_version", "previous_version", "deployment_id", "deployed_at",
            "drifted_columns", "drifted_features", "started_at", "detected_at", "peak_value", "baseline_value",
            "threshold_value", "affected_events", "new_error_rate", "previous_error_rate", "new_labelled",
            "new_misclassified", "previous_labelled", "previous_misclassified", "comparison_basis",
            "comparison_windows");
    /** The placeholders a failure rule may use. */
    static final Set<String> FAILURE_PLACEHOLDERS = Set.of("model", "version", "failure_mode", "category", "column",
            "evidence", "deployment_id", "event_id", "window");

    /** Parsed templates by text: rules render theirs for every catalog row, and rule texts are few. */
    private static final Map<String, Template> PARSED = new ConcurrentHashMap<>();

    private final String text;
    /** The text split at its slots: {@code literals[i]} comes before {@code slots[i]}, the last literal after all. */
    private final String[] literals;
    private final String[] slots;

    private Template(String text) {
        this.text = text;
        List<String> literalParts = new ArrayList<>();
        List<String> slotNames = new ArrayList<>();
        Matcher m = SLOT.matcher(text);
        int end = 0;
        while (m.find()) {
            literalParts.add(text.substring(end, m.start()));
            slotNames.add(m.group(1));
            end = m.end();
        }
        literalParts.add(text.substring(end));
        this.literals = literalParts.toArray(new String[0]);
        this.slots = slotNames.toArray(new String[0]);
    }

    /** The template, or a problem naming the unknown placeholders (null when it is valid). */
    static String problem(String text, RuleTarget target) {
        Set<String> known = placeholders(target);
        Set<String> unknown = new TreeSet<>();
        Matcher m = SLOT.matcher(text);
        while (m.find()) {
            if (!known.contains(m.group(1))) unknown.add("{" + m.group(1) + "}");
        }
        return unknown.isEmpty() ? null : "unknown placeholder(s) " + String.join(", ", unknown) + "; known for "
                + target.key() + " rules: " + String.join(", ", new TreeSet<>(known));
    }

    static Set<String> placeholders(RuleTarget target) {
        return target == RuleTarget.INCIDENT ? INCIDENT_PLACEHOLDERS : FAILURE_PLACEHOLDERS;
    }

    static Template of(String text) {
        return PARSED.computeIfAbsent(text, Template::new);
    }

    String text() {
        return text;
    }

    String render(Map<String, String> values) {
        if (slots.length == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16 * slots.length);
        for (int i = 0; i < slots.length; i++) {
            String value = values.get(slots[i]);
            out.append(literals[i]).append(value == null ? "unknown" : value);
        }
        return out.append(literals[slots.length]).toString();
    }

    static Map<String, String> values(Incident i) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("incident_id", i.incidentId);
        v.put("model", i.model);
        v.put("kind", i.kind);
        v.put("category", i.category);
        v.put("cause", i.suspectedCause);
        v.put("versions", join(i.modelVersions));
        v.put("affected_versions", join(i.affectedVersions));
        v.put("signal_key", i.signalKey);
        v.put("new_version", i.newVersion);
        v.put("previous_version", i.previousVersion);
        v.put("deployment_id", i.relatedDeploymentId);
        v.put("deployed_at", instant(i.relatedDeployedAt));
        v.put("drifted_columns", join(i.driftedColumns));
        List<String> features = new ArrayList<>();
        if (i.driftedColumns != null) {
            for (String c : i.driftedColumns) if (c.startsWith("features.")) features.add(c);
        }
        v.put("drifted_features", features.isEmpty() ? null : String.join(", ", features));
        v.put("started_at", instant(i.startedAt));
        v.put("detected_at", instant(i.detectedAt));
        v.put("peak_value", number(i.peakValue));
        v.put("baseline_value", number(i.baselineValue));
        v.put("threshold_value", number(i.thresholdValue));
        v.put("affected_events", Long.toString(i.affectedEvents));
        v.put("new_error_rate", number(i.newVersionErrorRate));
        v.put("previous_error_rate", number(i.previousVersionErrorRate));
        v.put("new_labelled", count(i.newVersionLabelled));
        v.put("new_misclassified", count(i.newVersionMisclassified));
        v.put("previous_labelled", count(i.previousVersionLabelled));
        v.put("previous_misclassified", count(i.previousVersionMisclassified));
        v.put("comparison_basis", i.comparisonBasis == null ? null
                : i.comparisonBasis.toLowerCase(Locale.ROOT).replace('_', ' '));
        v.put("comparison_windows", i.comparisonFrom == null || i.comparisonTo == null ? null
                : instant(i.comparisonFrom) + ".." + instant(i.comparisonTo));
        return v;
    }

    static Map<String, String> values(FailureRecord f) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("model", f.event == null ? null : f.event.model);
        v.put("version", f.event == null ? null : f.event.modelVersion);
        v.put("failure_mode", f.failureMode);
        v.put("category", f.category);
        v.put("column", f.columnName);
        v.put("evidence", f.evidence);
        v.put("deployment_id", f.event == null || f.event.deployment == null ? null : f.event.deployment.deploymentId);
        v.put("event_id", f.event == null ? null : f.event.eventId);
        v.put("window", f.windowStart == null || f.windowEnd == null ? null
                : instant(f.windowStart) + ".." + instant(f.windowEnd));
        return v;
    }

    private static String join(String[] values) {
        return values == null || values.length == 0 ? null : String.join(", ", Arrays.asList(values));
    }

    private static String instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String number(Double value) {
        return value == null ? null : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String count(Long value) {
        return value == null ? null : value.toString();
    }
}
