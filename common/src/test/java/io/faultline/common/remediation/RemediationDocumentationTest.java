package io.faultline.common.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.TestingRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/remediation.md} true to the shipped table, the actions, evidence and placeholders. */
class RemediationDocumentationTest {
    private static final String DOC = TestingRepository.read("docs/remediation.md");

    @Test
    void theRuleTableListsTheShippedRulesInOrder() {
        List<String> expected = new ArrayList<>();
        for (RemediationRule r : RemediationRules.defaults().rules()) {
            expected.add(("| `" + r.id() + "` | " + r.appliesTo().key() + " | "
                    + codes(new TreeSet<>(r.kinds())) + " | "
                    + codes(r.causes().stream().map(Enum::name).sorted().toList()) + " | "
                    + codes(r.requires().stream().sorted().map(Evidence::key).toList()) + " | `"
                    + r.action().name() + "` | `" + r.target() + "` |").replace("|  |", "| |").replace("|  |", "| |"));
        }
        // Rows of the seven-column rule table (the evidence table also starts with a key and a target).
        List<String> documented = DOC.lines().filter(l -> l.matches("^\\| `[a-z0-9-]+` \\| (incident|failure) \\|.*")
                && l.chars().filter(c -> c == '|').count() == 8).toList();
        assertThat(documented).containsExactlyElementsOf(expected);
    }

    @Test
    void actionsEvidenceAndPlaceholdersAreDocumented() {
        for (RemediationAction a : RemediationAction.values()) assertThat(DOC).contains("| `" + a.name() + "` |");
        for (Evidence e : Evidence.values()) {
            assertThat(DOC).contains("| `" + e.key() + "` | " + e.target().key() + " |");
        }
        for (String p : Template.INCIDENT_PLACEHOLDERS) assertThat(DOC).contains("`{" + p + "}`");
        for (String p : Template.FAILURE_PLACEHOLDERS) assertThat(DOC).contains("`{" + p + "}`");
    }

    private static String codes(java.util.Collection<String> values) {
        return values.stream().map(v -> "`" + v + "`").collect(Collectors.joining(", "));
    }
}
