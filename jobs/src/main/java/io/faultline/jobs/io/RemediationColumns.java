package io.faultline.jobs.io;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;

/**
 * The remediation columns that {@code failures/} and {@code incidents/} share, in this order at the end of both
 * tables: optional strings, null when no rule of the remediation table matched.
 */
final class RemediationColumns {
    static final String REMEDIATION_ACTION = "remediation_action";
    static final String REMEDIATION_TARGET = "remediation_target";
    static final String HYPOTHESIS = "hypothesis";
    static final String VALIDATION_PLAN = "validation_plan";
    static final String ACCEPTANCE_CRITERION = "acceptance_criterion";

    private RemediationColumns() {}

    static SchemaBuilder.FieldAssembler<Schema> addTo(SchemaBuilder.FieldAssembler<Schema> fields) {
        return fields
                .name(REMEDIATION_ACTION).type().optional().stringType()
                .name(REMEDIATION_TARGET).type().optional().stringType()
                .name(HYPOTHESIS).type().optional().stringType()
                .name(VALIDATION_PLAN).type().optional().stringType()
                .name(ACCEPTANCE_CRITERION).type().optional().stringType();
    }

    static void put(GenericRecord row, String action, String target, String hypothesis, String validationPlan,
            String acceptanceCriterion) {
        row.put(REMEDIATION_ACTION, action);
        row.put(REMEDIATION_TARGET, target);
        row.put(HYPOTHESIS, hypothesis);
        row.put(VALIDATION_PLAN, validationPlan);
        row.put(ACCEPTANCE_CRITERION, acceptanceCriterion);
    }
}
