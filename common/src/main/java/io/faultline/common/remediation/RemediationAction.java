package io.faultline.common.remediation;

/** What to do about an incident or a catalog row (the {@code remediation_action} column). */
public enum RemediationAction {
    /** Put the previous version back (the target names it). */
    ROLLBACK,
    /** Retrain on data that covers the segment the model has not seen (the target names the columns or rows). */
    RETRAIN_ON_SEGMENT,
    /** Send predictions to (re)labelling: to confirm errors, settle disputed labels, or cover edge cases. */
    RELABEL,
    /** The producer of the input broke the contract: fix the upstream feed or its schema. */
    FIX_UPSTREAM_CONTRACT,
    /** Add serving capacity, or fix the slow dependency. */
    SCALE_OUT,
    /** A version served without a deployment event: publish it, or stop the unregistered rollout. */
    REGISTER_DEPLOYMENT,
    /** No rule knows better: look at the timeline. */
    INVESTIGATE
}
