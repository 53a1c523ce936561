package io.faultline.common.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringSettingsTest {

    @Test
    void defaults() {
        ScoringSettings d = ScoringSettings.defaults();
        assertThat(d.tailProbability()).isEqualTo(0.0027);
        assertThat(d.anomalyScoreThreshold()).isEqualTo(0.99);
        assertThat(d.rareCombinationMinSupport()).isEqualTo(5);
        assertThat(d.maxPairs()).isEqualTo(45);
        assertThat(d.maxCellsPerPair()).isEqualTo(1024);
        assertThat(d.topContributors()).isEqualTo(3);
        assertThat(d.pairs()).isEmpty();
        assertThat(ScoringSettings.fromMap(Map.of())).isEqualTo(d);
    }

    @Test
    void fromMapReadsNumbersStringsAndEveryPairForm() {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("tail-probability", 0.001);
        yaml.put("anomaly-score-threshold", "0.999");
        yaml.put("rare-combination-min-support", 10);
        yaml.put("max-pairs", "12");
        yaml.put("max-cells-per-pair", 256L);
        yaml.put("top-contributors", 5);
        yaml.put("pairs", List.of("features.currency,features.country", List.of("features.a", "features.b")));
        ScoringSettings s = ScoringSettings.fromMap(yaml);
        assertThat(s).isEqualTo(new ScoringSettings(0.001, 0.999, 10, 12, 256, 5, List.of(
                new ColumnPair("features.country", "features.currency"), new ColumnPair("features.a", "features.b"))));
        assertThat(ScoringSettings.fromMap(Map.of("pairs", "features.a,features.b; features.c , features.d")).pairs())
                .containsExactly(new ColumnPair("features.a", "features.b"), new ColumnPair("features.c", "features.d"));
        assertThat(ScoringSettings.KEYS).containsExactlyInAnyOrderElementsOf(yaml.keySet());
    }

    @Test
    void aPairIsUnordered() {
        assertThat(new ColumnPair("b", "a")).isEqualTo(new ColumnPair("a", "b"));
        assertThat(new ColumnPair("b", "a").first()).isEqualTo("a");
        assertThat(ColumnPair.parse(" b , a ")).isEqualTo(new ColumnPair("a", "b"));
        assertThat(new ColumnPair("a", "b").toString()).isEqualTo("a,b");
    }

    @Test
    void invalidValuesAreRejectedWithTheKeyAndTheAllowedRange() {
        assertRejected(Map.of("tail-prob", 0.1), "unknown scoring key \"tail-prob\"; known keys: tail-probability,"
                + " anomaly-score-threshold, rare-combination-min-support, max-pairs, max-cells-per-pair,"
                + " top-contributors, pairs");
        assertRejected(Map.of("tail-probability", 0), "tail-probability must be a number in (0, 1): 0.0");
        assertRejected(Map.of("tail-probability", 1), "tail-probability must be a number in (0, 1): 1.0");
        assertRejected(Map.of("tail-probability", "NaN"), "tail-probability must be a number in (0, 1): NaN");
        assertRejected(Map.of("tail-probability", "often"), "tail-probability must be a number: \"often\"");
        assertRejected(Map.of("anomaly-score-threshold", 1.0), "anomaly-score-threshold must be a number in [0, 1): 1.0");
        assertRejected(Map.of("rare-combination-min-support", 0),
                "rare-combination-min-support must be an integer in [1, 1000]: 0");
        assertRejected(Map.of("rare-combination-min-support", 2.5), "rare-combination-min-support must be an integer:"
                + " \"2.5\"");
        assertRejected(Map.of("max-pairs", -1), "max-pairs must be an integer in [0, 1000]: -1");
        assertRejected(Map.of("max-cells-per-pair", 3), "max-cells-per-pair must be an integer in [4, 1048576]: 3");
        assertRejected(Map.of("max-cells-per-pair", "99999999999"), "max-cells-per-pair is out of range: 99999999999");
        assertRejected(Map.of("top-contributors", "0"), "top-contributors must be an integer in [1, 64]: 0");
        assertRejected(Map.of("pairs", List.of("a,b", "b,a")), "pairs lists a,b twice");
        assertRejected(Map.of("pairs", List.of("a")), "pairs: a column pair is written \"column,column\": \"a\"");
        assertRejected(Map.of("pairs", List.of("a,a")), "pairs: a column pair needs two different columns: a, a");
        assertRejected(Map.of("pairs", List.of(List.of("a"))), "pairs: an item must be \"column,column\" or a list of"
                + " two column names: [a]");
        assertRejected(Map.of("pairs", 7), "pairs must be a list of column pairs or a string \"a,b;c,d\": 7");
        assertRejected(Map.of("max-pairs", 1, "pairs", "a,b;c,d"), "pairs lists 2 pairs, more than max-pairs = 1");
    }

    private static void assertRejected(Map<String, ?> values, String message) {
        assertThatThrownBy(() -> ScoringSettings.fromMap(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
