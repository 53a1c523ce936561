package io.faultline.common.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.TestingRepository;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/incidents.md} true to the code: every output column, timeline field, setting and default. */
class IncidentDocumentationTest {
    private static final String DOC = TestingRepository.read("docs/incidents.md");

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static List<String> columns(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers())) names.add(snake(f.getName()));
        }
        return names;
    }

    /** The first cells of the table rows after {@code heading}, up to the next heading. */
    static List<String> tableKeys(String heading) {
        int from = DOC.indexOf("\n" + heading + "\n");
        assertThat(from).as("heading %s", heading).isNotNegative();
        int to = DOC.indexOf("\n#", from + heading.length() + 2);
        String section = DOC.substring(from, to < 0 ? DOC.length() : to);
        Matcher m = Pattern.compile("^\\| `([a-z_.-]+)` \\|", Pattern.MULTILINE).matcher(section);
        List<String> keys = new ArrayList<>();
        while (m.find()) keys.add(m.group(1));
        return keys;
    }

    @Test
    void everyOutputColumnIsDocumentedInOrder() {
        assertThat(tableKeys("## Output fields")).containsExactlyElementsOf(columns(Incident.class));
    }

    @Test
    void everyTimelineFieldIsDocumentedInOrder() {
        assertThat(tableKeys("## Timeline")).containsExactlyElementsOf(columns(TimelineEntry.class));
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        Map<String, String> expected = new LinkedHashMap<>();
        IncidentSettings.defaults().toMap().forEach((key, value) -> {
            if (value instanceof Map<?, ?> section) {
                section.forEach((k, v) -> expected.put(key + "." + k, String.valueOf(v)));
            } else {
                expected.put(key, String.valueOf(value));
            }
        });
        assertThat(tableKeys("## Thresholds and defaults")).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, value) -> assertThat(DOC).contains("| `" + key + "` | " + value + " |"));
    }

    @Test
    void statusesSignalsAndRanksAreDocumented() {
        for (SignalStatus s : SignalStatus.values()) assertThat(DOC).contains("`" + s.name() + "`");
        for (SignalKind k : SignalKind.values()) assertThat(DOC).contains("| `" + k.name() + "` |");
        for (SuspectedCause c : SuspectedCause.values()) assertThat(DOC).contains("`" + c.name() + "`");
        for (ComparisonBasis b : ComparisonBasis.values()) assertThat(DOC).contains("`" + b.name() + "`");
        for (String type : List.of(TimelineEntry.GAP, TimelineEntry.OPENED, TimelineEntry.JOINED, TimelineEntry.CLOSED,
                TimelineEntry.DEPLOYMENT, TimelineEntry.WINDOW)) {
            assertThat(DOC).contains("`" + type + "`");
        }
        assertThat(DOC).contains("| 0 | `REGRESSION` |", "| 1 | `DRIFT:FEATURE_DRIFT` |", "| 4 | `ERROR_RATE` |",
                "| 6 | `DRIFT:PREDICTION_DRIFT` |", "| 7 | `DRIFT:CONFIDENCE_SHIFT` |");
        assertThat(DOC).contains(IncidentDetector.MAX_DEPLOYMENTS + " deployments");
    }
}
