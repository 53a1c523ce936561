package io.faultline.common.remediation;

import java.util.Objects;

/**
 * A suggested remediation: the rule that produced it, the action and what it applies to, why it should help, how to
 * check that it did, and the number that would show it worked. Texts are rendered from the rule's templates.
 */
public record Remediation(String ruleId, RemediationAction action, String target, String hypothesis,
                          String validationPlan, String acceptanceCriterion) {
    public Remediation {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(action, "action");
    }
}
