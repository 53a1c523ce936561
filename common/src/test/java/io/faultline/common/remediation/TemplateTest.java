package io.faultline.common.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Map<String, String> VALUES = new HashMap<>();

    static {
        VALUES.put("model", "fraud-scorer");
        VALUES.put("version", "2.1.0");
        VALUES.put("column", "features.amount");
        VALUES.put("evidence", "{\"psi\": 0.3} costs $5 \\ more");
        VALUES.put("window", null);
    }

    @Test
    void fillsEverySlotWhereverItStands() {
        assertThat(Template.of("{model}").render(VALUES)).isEqualTo("fraud-scorer");
        assertThat(Template.of("{model}@{version}: drift in {column}.").render(VALUES))
                .isEqualTo("fraud-scorer@2.1.0: drift in features.amount.");
        assertThat(Template.of("{model}{version}").render(VALUES)).isEqualTo("fraud-scorer2.1.0");
    }

    @Test
    void unknownValuesRenderAsUnknownAndValuesAreLiteral() {
        assertThat(Template.of("in {window} for {deployment_id}").render(VALUES)).isEqualTo("in unknown for unknown");
        // Braces, dollar signs and backslashes inside values are text, not replacement syntax.
        assertThat(Template.of("evidence: {evidence}").render(VALUES)).isEqualTo("evidence: {\"psi\": 0.3} costs $5 \\ more");
    }

    @Test
    void bracesThatAreNotSlotsStayText() {
        assertThat(Template.of("no slots at all").render(VALUES)).isEqualTo("no slots at all");
        assertThat(Template.of("{} {Model} {model").render(VALUES)).isEqualTo("{} {Model} {model");
        assertThat(Template.of("a {{model}} b").render(VALUES)).isEqualTo("a {fraud-scorer} b");
    }

    @Test
    void aTextIsParsedOnce() {
        assertThat(Template.of("{model} again")).isSameAs(Template.of("{model} again"));
    }
}
