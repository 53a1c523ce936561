package io.faultline.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.faultline.common.TestingRepository;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps {@code deploy/faultline.yaml} and {@code docs/config.md} true to the loader. */
class ConfigDocumentationTest {

    private static final String EXAMPLE = "deploy/faultline.yaml";
    private static final String REFERENCE = "docs/config.md";

    @Test
    void exampleConfigLoads() throws ConfigException {
        FaultlineConfig c = FaultlineConfig.load(TestingRepository.file(EXAMPLE));
        assertThat(c.thresholdsFor("fraud-detector").latencySloMs()).isEqualTo(50);
        assertThat(c.driftThresholdsFor("fraud-detector").psiDrift()).isEqualTo(0.3);
    }

    @Test
    void exampleConfigSetsEveryKeyOfTheDefaults() throws Exception {
        List<String> keysInFile = dottedKeys(new YAMLMapper().readTree(TestingRepository.read(EXAMPLE)));
        assertThat(keysInFile).containsAll(FaultlineConfig.defaults().toMap().keySet());
        // The user-named maps are present (as examples or empty maps) so users find them.
        assertThat(keysInFile).anyMatch(k -> k.startsWith("thresholds.models."));
        assertThat(keysInFile).anyMatch(k -> k.startsWith("drift.models."));
        assertThat(keysInFile).contains("kafka.properties");
    }

    @Test
    void exampleConfigShowsTheDefaultValues() throws ConfigException {
        Map<String, String> example = withoutModels(FaultlineConfig.load(TestingRepository.file(EXAMPLE)).toMap());
        assertThat(example).isEqualTo(withoutModels(FaultlineConfig.defaults().toMap()));
    }

    @Test
    void referenceListsEveryKnownKey() {
        Map<String, String> rows = referenceRows();
        assertThat(rows.keySet()).containsAll(FaultlineConfig.knownKeys());
        // ... and nothing the loader does not know (a renamed key must not linger in the docs).
        assertThat(FaultlineConfig.knownKeys()).containsAll(rows.keySet());
    }

    @Test
    void referenceShowsTheActualDefaults() {
        Map<String, String> rows = referenceRows();
        Map<String, String> defaults = FaultlineConfig.defaults().toMap();
        for (String key : FaultlineConfig.knownKeys()) {
            // An empty default is shown as it is written in YAML: `""`.
            String expected = !defaults.containsKey(key) ? "—"
                    : defaults.get(key).isEmpty() ? "`\"\"`" : "`" + defaults.get(key) + "`";
            assertThat(rows.get(key)).as("default of %s in %s", key, REFERENCE).isEqualTo(expected);
        }
    }

    /** Key to default column of the rows of the key table: {@code | `key` | type | default | meaning |}. */
    private static Map<String, String> referenceRows() {
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\| [^|]+ \\| ([^|]+) \\|", Pattern.MULTILINE);
        Matcher m = row.matcher(TestingRepository.read(REFERENCE));
        Map<String, String> rows = new LinkedHashMap<>();
        while (m.find()) {
            rows.put(m.group(1), m.group(2).trim());
        }
        return rows;
    }

    private static Map<String, String> withoutModels(Map<String, String> m) {
        return m.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("thresholds.models.") && !e.getKey().startsWith("drift.models."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> dottedKeys(JsonNode root) {
        List<String> out = new ArrayList<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, JsonNode node, List<String> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collect(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.add(prefix);
        }
    }
}
