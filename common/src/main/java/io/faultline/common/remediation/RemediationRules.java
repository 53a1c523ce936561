package io.faultline.common.remediation;

import io.faultline.common.incident.Incident;
import io.faultline.common.incident.IncidentAnnotator;
import io.faultline.common.incident.SuspectedCause;
import io.faultline.common.model.FailureRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The remediation table: rules in order, the first that matches wins. Incident rules are tried on incidents,
 * failure rules on catalog rows. The shipped table ({@link #defaults()}) and the override format are documented in
 * {@code docs/remediation.md}. Immutable and {@link java.io.Serializable}; as an {@link IncidentAnnotator} it fills the
 * remediation fields of the detector's rows.
 */
public final class RemediationRules implements IncidentAnnotator {
    private static final long serialVersionUID = 1L;
    /** The keys of {@link #fromMap}. */
    public static final Set<String> KEYS = Set.of("defaults", "rules");

    private static final RemediationRules DEFAULTS = new RemediationRules(defaultRules());

    private final List<RemediationRule> rules;

    private RemediationRules(List<RemediationRule> rules) {
        Set<String> ids = new TreeSet<>();
        for (RemediationRule r : rules) {
            if (!ids.add(r.id())) throw new IllegalArgumentException("duplicate rule id " + r.id());
        }
        this.rules = List.copyOf(rules);
    }

    /** The shipped table. */
    public static RemediationRules defaults() {
        return DEFAULTS;
    }

    /** A table of exactly these rules, in this order. */
    public static RemediationRules of(List<RemediationRule> rules) {
        return new RemediationRules(rules);
    }

    public List<RemediationRule> rules() {
        return rules;
    }

    /** Equal when the rules and their order are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RemediationRules other && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "RemediationRules" + rules.stream().map(RemediationRule::id).toList();
    }

    /** The remediation of the first incident rule matching {@code incident}, or null when none matches. */
    public Remediation forIncident(Incident incident) {
        for (RemediationRule r : rules) {
            if (r.matches(incident)) return r.render(Template.values(incident));
        }
        return null;
    }

    /** The remediation of the first failure rule matching the catalog row, or null when none matches. */
    public Remediation forFailure(FailureRecord failure) {
        for (RemediationRule r : rules) {
            if (r.matches(failure)) return r.render(Template.values(failure));
        }
        return null;
    }

    /** Sets the incident's remediation fields from {@link #forIncident} (all null when no rule matches). */
    @Override
    public void annotate(Incident incident) {
        Remediation r = forIncident(incident);
        incident.remediationRule = r == null ? null : r.ruleId();
        incident.remediationAction = r == null ? null : r.action().name();
        incident.remediationTarget = r == null ? null : r.target();
        incident.hypothesis = r == null ? null : r.hypothesis();
        incident.validationPlan = r == null ? null : r.validationPlan();
        incident.acceptanceCriterion = r == null ? null : r.acceptanceCriterion();
    }

    /**
     * The table configured by a map as parsed from YAML:
     * <pre>
     * defaults: keep            # keep (default) or replace
     * rules:                    # list of rules, see RemediationRule.fromMap
     *   - id: ...
     * </pre>
     * With {@code keep}, a rule whose id is a default's replaces that default in its place; the other rules come
     * first, in the given order, before the defaults (so they win). With {@code replace} the table is exactly the
     * given rules.
     *
     * @param where prefix of every message, e.g. {@code remediation}
     * @throws IllegalArgumentException listing every problem of every rule
     */
    public static RemediationRules fromMap(Map<String, ?> values, String where) {
        Objects.requireNonNull(values, "values");
        String p = where == null || where.isEmpty() ? "" : where + ".";
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(values.keySet())) {
            if (!KEYS.contains(key)) problems.add(p + key + ": unknown key; known keys: defaults, rules");
        }
        boolean replace = false;
        Object defaults = values.get("defaults");
        if (defaults != null) {
            if ("replace".equals(defaults)) replace = true;
            else if (!"keep".equals(defaults)) problems.add(p + "defaults must be keep or replace, got " + defaults);
        }
        List<RemediationRule> given = new ArrayList<>();
        Object list = values.get("rules");
        if (list != null && !(list instanceof Collection<?>)) {
            problems.add(p + "rules must be a list of rules, got " + list);
        } else if (list != null) {
            int index = 0;
            Set<String> ids = new TreeSet<>();
            for (Object item : (Collection<?>) list) {
                String at = p + "rules[" + index++ + "]";
                if (!(item instanceof Map<?, ?> m) || !m.keySet().stream().allMatch(k -> k instanceof String)) {
                    problems.add(at + " must be a map of rule keys, got " + item);
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, ?> rule = (Map<String, ?>) item;
                try {
                    RemediationRule r = RemediationRule.fromMap(rule, at);
                    if (!ids.add(r.id())) problems.add(at + ".id: duplicate rule id " + r.id());
                    else given.add(r);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (replace) {
            return new RemediationRules(given);
        }
        Map<String, RemediationRule> byId = new LinkedHashMap<>();
        for (RemediationRule r : given) byId.put(r.id(), r);
        List<RemediationRule> table = new ArrayList<>();
        for (RemediationRule r : given) {
            if (DEFAULTS.rules.stream().noneMatch(d -> d.id().equals(r.id()))) table.add(r);
        }
        for (RemediationRule d : DEFAULTS.rules) table.add(byId.getOrDefault(d.id(), d));
        return new RemediationRules(table);
    }

    /** As {@link #fromMap(Map, String)} without a prefix. */
    public static RemediationRules fromMap(Map<String, ?> values) {
        return fromMap(values, "");
    }

    // ---- the shipped table ---------------------------------------------------------------------------------

    private static RemediationRule incident(String id, Set<String> kinds, Set<SuspectedCause> causes,
                                            Set<Evidence> requires, RemediationAction action, String target,
                                            String hypothesis, String plan, String acceptance) {
        return new RemediationRule(id, RuleTarget.INCIDENT, kinds, causes, requires, action, target, hypothesis, plan,
                acceptance);
    }

    private static RemediationRule failure(String id, Set<String> kinds, Set<Evidence> requires,
                                           RemediationAction action, String target, String hypothesis, String plan,
                                           String acceptance) {
        return new RemediationRule(id, RuleTarget.FAILURE, kinds, Set.of(), requires, action, target, hypothesis, plan,
                acceptance);
    }

    private static List<RemediationRule> defaultRules() {
        Set<SuspectedCause> anyCause = Set.of();
        Set<Evidence> nothing = Set.of();
        List<RemediationRule> r = new ArrayList<>();
        r.add(incident("rollback-regression", Set.of("REGRESSION_AFTER_DEPLOYMENT"), anyCause,
                EnumSet.of(Evidence.PREVIOUS_VERSION), RemediationAction.ROLLBACK, "{previous_version}",
                "Version {new_version} of {model}, put live by deployment {deployment_id}, is worse than"
                        + " {previous_version}: its labelled error rate is {new_error_rate} ({new_misclassified} of"
                        + " {new_labelled}) against {previous_error_rate} ({previous_misclassified} of"
                        + " {previous_labelled}, {comparison_basis}).",
                "Roll {model} back to {previous_version}. Then compare, from Faultline's own output, the labelled error"
                        + " rate of {previous_version} in the windows after the rollback with {new_version}'s over the"
                        + " incident's windows ({new_error_rate}, recorded on the incident) and with"
                        + " {previous_version}'s over {comparison_windows} ({previous_error_rate}, recorded on the"
                        + " incident); the windows after come from labeling_stats/ or the MISCLASSIFICATION rows of"
                        + " failures/.",
                "The labelled error rate of {previous_version} over the windows after the rollback is at most"
                        + " {threshold_value} (its rate before the deployment plus the regression threshold), and no"
                        + " new REGRESSION_AFTER_DEPLOYMENT incident opens for {model}."));
        r.add(incident("register-unregistered-version", Set.of("UNREGISTERED_VERSION"), anyCause, nothing,
                RemediationAction.REGISTER_DEPLOYMENT, "{affected_versions}",
                "A rollout of {model} bypassed the deployment registry: {affected_events} predictions were served by"
                        + " {affected_versions} without a deployment event, so their checkpoint, code and data versions"
                        + " are unknown.",
                "Publish the missing deployment events (or stop the unregistered rollout), then count the"
                        + " UNREGISTERED_VERSION rows of {model} in failures/ for the windows after the fix.",
                "The UNREGISTERED_VERSION rate of {model} is 0 in every window after the fix (peak {peak_value})."));
        r.add(incident("fix-upstream-contract", Set.of("SCHEMA_VIOLATION", "MISSING_FEATURE"), anyCause, nothing,
                RemediationAction.FIX_UPSTREAM_CONTRACT, "{model}",
                "The producer of {model}'s input changed or broke the contract: the {kind} rate rose from"
                        + " {baseline_value} to {peak_value} since {started_at}.",
                "Find the producer change around {started_at} (dead_letter/ error codes, the missing feature names in"
                        + " failures/), fix the feed or the contract, and compare the {kind} rate in the windows after"
                        + " the fix with the baseline {baseline_value}.",
                "The {kind} rate of {model} stays below {threshold_value} in every window after the fix."));
        r.add(incident("rollback-suspected-deployment", Set.of(), Set.of(SuspectedCause.DEPLOYMENT),
                EnumSet.of(Evidence.RELATED_DEPLOYMENT, Evidence.PREVIOUS_VERSION), RemediationAction.ROLLBACK,
                "{previous_version}",
                "{kind} of {model} rose right after deployment {deployment_id} put {new_version} live, and"
                        + " {new_version} served most of the affected predictions.",
                "Roll {model} back to {previous_version}, then compare the {kind} rate in the windows after the"
                        + " rollback with the incident's peak {peak_value} and its baseline {baseline_value}"
                        + " (failures/ and window_stats/ of {model}); where labels exist, also compare both versions'"
                        + " labelled error rates ({new_error_rate} against {previous_error_rate}).",
                "The {kind} rate of {model} stays below {threshold_value} in every window after the rollback."));
        r.add(incident("scale-out-latency", Set.of("LATENCY_SLO_BREACH"), anyCause, nothing,
                RemediationAction.SCALE_OUT, "{model}",
                "Serving capacity of {model}, or a dependency it calls, was saturated: the share of predictions over"
                        + " the latency SLO rose from {baseline_value} to {peak_value} with no related deployment.",
                "Add serving capacity (or fix the slow dependency), then compare the LATENCY_SLO_BREACH rate and the"
                        + " latency_ms quantiles of window_stats/ in the windows after the change with the incident's"
                        + " peak {peak_value} and the baseline {baseline_value}, at comparable traffic.",
                "The LATENCY_SLO_BREACH rate of {model} stays below {threshold_value} in every window after the"
                        + " change."));
        r.add(incident("retrain-on-drifted-segment", Set.of("FEATURE_DRIFT"), anyCause,
                EnumSet.of(Evidence.DRIFTED_FEATURES), RemediationAction.RETRAIN_ON_SEGMENT, "{drifted_features}",
                "The inputs of {model} moved away from its reference on {drifted_features} since {started_at}"
                        + " (highest drift_score {peak_value}); {versions} was not trained on this segment.",
                "First confirm with the data owners that the shift is real and not a broken feed (if broken, fix the"
                        + " feed instead). Retrain on data that includes the windows since {started_at}, profile the"
                        + " new version, and compare on the drifted windows' labelled predictions its error rate with"
                        + " {versions}'s; window_stats/ gives the drift of {drifted_features} against the new"
                        + " reference.",
                "drift_score of {drifted_features} stays below 1.0 against the new version's reference, and the new"
                        + " version's labelled error rate on the drifted segment is not above {versions}'s before"
                        + " the shift."));
        r.add(incident("relabel-label-noise", Set.of("SUSPECTED_LABEL_NOISE"), anyCause, nothing,
                RemediationAction.RELABEL, "{model}",
                "Labels of {model} are unreliable since {started_at}: confident predictions are contradicted by labels"
                        + " or reviewers disagree ({affected_events} cases).",
                "Send the incident's disputed predictions for a second review and compare the reviewer disagreement"
                        + " and SUSPECTED_LABEL_NOISE rates of the windows after with the baseline {baseline_value}.",
                "The SUSPECTED_LABEL_NOISE rate of {model} is back below {threshold_value}."));
        r.add(incident("relabel-edge-cases", Set.of("OUT_OF_DISTRIBUTION", "UNSEEN_CATEGORY", "RARE_COMBINATION"),
                anyCause, nothing, RemediationAction.RELABEL, "{model}",
                "{model} receives inputs unlike its training data ({kind}, {affected_events} predictions since"
                        + " {started_at}); its answers on them are unverified.",
                "Send a sample of the incident's {kind} predictions to labelling (slices/ holds them) and compare their"
                        + " labelled error rate with {model}'s overall rate; add them to the next training set.",
                "Labelled error rate on the labelled edge cases is measured, and after retraining the {kind} rate of"
                        + " {model} is below {threshold_value}."));
        r.add(incident("retrain-on-recent-errors", Set.of("MISCLASSIFICATION"), anyCause, nothing,
                RemediationAction.RETRAIN_ON_SEGMENT, "labelled predictions of {affected_versions} since {started_at}",
                "The relation between inputs and labels changed for {model} (concept drift): the labelled error rate"
                        + " of {signal_key} rose from {baseline_value} to {peak_value} without a deployment or a"
                        + " feature drift.",
                "Retrain on labelled predictions that include the windows since {started_at}, and compare the new"
                        + " version's labelled error rate with {signal_key}'s on the same recent windows.",
                "The new version's labelled error rate on the recent windows is below {threshold_value}."));
        r.add(incident("relabel-uncertain-predictions",
                Set.of("LOW_CONFIDENCE", "AMBIGUOUS", "PREDICTION_DRIFT", "CONFIDENCE_SHIFT"), anyCause, nothing,
                RemediationAction.RELABEL, "{model}",
                "{model} became less sure or answers differently ({kind} rose from {baseline_value} to {peak_value}"
                        + " since {started_at}); without labels it is unknown whether it is also more often wrong.",
                "Send a sample of the incident windows' predictions to labelling and compare their labelled error rate"
                        + " with the rate before {started_at} (labeling_stats/).",
                "Labels show the labelled error rate in the incident windows within 0.05 of the rate before; else"
                        + " retrain on the labelled sample."));
        r.add(incident("investigate", Set.of(), anyCause, nothing, RemediationAction.INVESTIGATE, "{model}",
                "No rule explains this {kind} incident of {model}.",
                "Read the incident's timeline and the signals listed on it.",
                "The incident closes: its signals stay below their thresholds ({threshold_value} for the leading"
                        + " one)."));

        r.add(failure("failure-scale-out-latency", Set.of("LATENCY_SLO_BREACH"), nothing, RemediationAction.SCALE_OUT,
                "{model}",
                "Serving of {model} was slow for this prediction ({evidence}).",
                "Compare the LATENCY_SLO_BREACH rate of {model} in the hour around it with the usual rate; one slow"
                        + " prediction is only worth acting on as part of a rise (an incident).",
                "The LATENCY_SLO_BREACH rate of {model} stays at its baseline."));
        r.add(failure("failure-register-version", Set.of("UNREGISTERED_VERSION"), nothing,
                RemediationAction.REGISTER_DEPLOYMENT, "{version}",
                "Version {version} of {model} served without a deployment event ({evidence}).",
                "Publish the deployment event of {version}, then check that new predictions of {version} resolve"
                        + " their lineage.",
                "No UNREGISTERED_VERSION row for {model} {version} after the fix."));
        r.add(failure("failure-fix-contract", Set.of("SCHEMA_VIOLATION", "MISSING_FEATURE"), nothing,
                RemediationAction.FIX_UPSTREAM_CONTRACT, "{model}",
                "The input of {model} broke the contract ({evidence}).",
                "Find the producer of the input and compare its output with the contract (docs/contract.md).",
                "No {failure_mode} row for {model} after the fix."));
        r.add(failure("failure-retrain-drifted-column", Set.of("FEATURE_DRIFT"), EnumSet.of(Evidence.COLUMN),
                RemediationAction.RETRAIN_ON_SEGMENT, "{column}",
                "The distribution of {column} of {model} {version} drifted in {window} ({evidence}).",
                "Confirm the shift with the data owners, then retrain on data that includes {window} and compare"
                        + " drift_score of {column} against the new reference.",
                "drift_score of {column} below 1.0 against the retrained version's reference."));
        r.add(failure("failure-relabel-label-noise", Set.of("SUSPECTED_LABEL_NOISE"), nothing,
                RemediationAction.RELABEL, "{event_id}",
                "The label of {event_id} is doubtful ({evidence}).",
                "Send {event_id} for a second review.",
                "Two reviewers agree on the label of {event_id}."));
        r.add(failure("failure-relabel-edge-case", Set.of("OUT_OF_DISTRIBUTION", "UNSEEN_CATEGORY",
                "RARE_COMBINATION"), nothing, RemediationAction.RELABEL, "{event_id}",
                "{event_id} is unlike {model}'s training data ({evidence}); its answer is unverified.",
                "Label {event_id} and add it to the next training set.",
                "{event_id} has a label, and the retrained version answers it correctly."));
        return r;
    }
}
