package io.faultline.common.remediation;

import io.faultline.common.incident.Incident;
import io.faultline.common.incident.SuspectedCause;
import io.faultline.common.model.FailureRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One row of the remediation table: when it matches (target, kinds, suspected causes, required evidence) and what it
 * suggests (an action and four texts with placeholders, see {@code docs/remediation.md}). Empty match sets match
 * anything. Immutable and {@link Serializable}.
 *
 * @param kinds incident kinds, or failure modes of catalog rows (failure mode names)
 * @param causes suspected causes (incident rules only)
 * @param requires evidence that must hold (each for the rule's target)
 */
public record RemediationRule(String id, RuleTarget appliesTo, Set<String> kinds, Set<SuspectedCause> causes,
                              Set<Evidence> requires, RemediationAction action, String target, String hypothesis,
                              String validationPlan, String acceptanceCriterion) implements Serializable {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern MODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** The keys of {@link #fromMap}. */
    public static final Set<String> KEYS = Set.of("id", "applies-to", "kinds", "causes", "requires", "action",
            "target", "hypothesis", "validation-plan", "acceptance-criterion");

    /** @throws IllegalArgumentException naming every problem */
    public RemediationRule {
        Objects.requireNonNull(appliesTo, "appliesTo");
        kinds = Set.copyOf(new TreeSet<>(kinds));
        causes = causes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(causes));
        requires = requires.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requires));
        List<String> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id must be 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit, got " + id);
        }
        for (String kind : kinds) {
            if (!MODE.matcher(kind).matches()) problems.add("kinds: " + kind + " is not a failure mode name (A-Z, 0-9, _)");
        }
        if (appliesTo == RuleTarget.FAILURE && !causes.isEmpty()) {
            problems.add("causes: only incident rules can match a suspected cause");
        }
        for (Evidence e : requires) {
            if (e.target() != appliesTo) {
                problems.add("requires: " + e.key() + " is evidence of " + e.target().key() + " rules, not of "
                        + appliesTo.key() + " rules");
            }
        }
        if (action == null) problems.add("action is required");
        text(problems, "target", target, appliesTo, false);
        text(problems, "hypothesis", hypothesis, appliesTo, true);
        text(problems, "validation-plan", validationPlan, appliesTo, true);
        text(problems, "acceptance-criterion", acceptanceCriterion, appliesTo, true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException((id == null ? "rule" : "rule " + id) + ": " + String.join("; ", problems));
        }
    }

    private static void text(List<String> problems, String key, String value, RuleTarget target, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) problems.add(key + " is required");
            return;
        }
        String problem = Template.problem(value, target);
        if (problem != null) problems.add(key + ": " + problem);
    }

    /** Does this incident rule match {@code incident}? */
    public boolean matches(Incident incident) {
        if (appliesTo != RuleTarget.INCIDENT) return false;
        if (!kinds.isEmpty() && !kinds.contains(incident.kind)) return false;
        if (!causes.isEmpty() && (incident.suspectedCause == null
                || !causes.contains(SuspectedCause.valueOf(incident.suspectedCause)))) return false;
        for (Evidence e : requires) {
            if (!e.holds(incident)) return false;
        }
        return true;
    }

    /** Does this failure rule match the catalog row {@code failure}? */
    public boolean matches(FailureRecord failure) {
        if (appliesTo != RuleTarget.FAILURE) return false;
        if (!kinds.isEmpty() && !kinds.contains(failure.failureMode)) return false;
        for (Evidence e : requires) {
            if (!e.holds(failure)) return false;
        }
        return true;
    }

    Remediation render(Map<String, String> values) {
        return new Remediation(id, action, target == null ? null : Template.of(target).render(values),
                Template.of(hypothesis).render(values), Template.of(validationPlan).render(values),
                Template.of(acceptanceCriterion).render(values));
    }

    /**
     * A rule from a map as parsed from YAML: {@code id}, {@code action}, {@code hypothesis}, {@code validation-plan}
     * and {@code acceptance-criterion} are required; {@code applies-to} ({@code incident}, the default, or
     * {@code failure}), {@code kinds}, {@code causes}, {@code requires} (lists of names) and {@code target} are
     * optional.
     *
     * @param where prefix of every message, e.g. {@code remediation.rules[2]}
     * @throws IllegalArgumentException listing every problem
     */
    public static RemediationRule fromMap(Map<String, ?> values, String where) {
        Objects.requireNonNull(values, "values");
        String p = where == null || where.isEmpty() ? "" : where + ".";
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(values.keySet())) {
            if (!KEYS.contains(key)) {
                problems.add(p + key + ": unknown key; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String id = string(problems, p, values, "id", true);
        RuleTarget appliesTo = RuleTarget.INCIDENT;
        String appliesText = string(problems, p, values, "applies-to", false);
        if (appliesText != null) {
            appliesTo = switch (appliesText) {
                case "incident" -> RuleTarget.INCIDENT;
                case "failure" -> RuleTarget.FAILURE;
                default -> {
                    problems.add(p + "applies-to must be incident or failure, got " + appliesText);
                    yield RuleTarget.INCIDENT;
                }
            };
        }
        Set<String> kinds = new TreeSet<>();
        for (String k : list(problems, p, values, "kinds")) {
            if (MODE.matcher(k).matches()) kinds.add(k);
            else problems.add(p + "kinds: " + k + " is not a failure mode name (A-Z, 0-9, _)");
        }
        Set<SuspectedCause> causes = EnumSet.noneOf(SuspectedCause.class);
        for (String c : list(problems, p, values, "causes")) {
            try {
                causes.add(SuspectedCause.valueOf(c));
            } catch (IllegalArgumentException e) {
                problems.add(p + "causes: unknown cause " + c + "; one of " + names(List.of(SuspectedCause.values())));
            }
        }
        Set<Evidence> requires = EnumSet.noneOf(Evidence.class);
        for (String r : list(problems, p, values, "requires")) {
            Evidence found = null;
            for (Evidence e : Evidence.values()) if (e.key().equals(r)) found = e;
            if (found == null) {
                List<String> known = new ArrayList<>();
                for (Evidence e : Evidence.values()) if (e.target() == appliesTo) known.add(e.key());
                problems.add(p + "requires: unknown evidence " + r + "; for " + appliesTo.key() + " rules one of "
                        + String.join(", ", known));
            } else {
                requires.add(found);
            }
        }
        RemediationAction action = null;
        String actionText = string(problems, p, values, "action", true);
        if (actionText != null) {
            try {
                action = RemediationAction.valueOf(actionText);
            } catch (IllegalArgumentException e) {
                problems.add(p + "action: unknown action " + actionText + "; one of "
                        + names(List.of(RemediationAction.values())));
            }
        }
        String target = string(problems, p, values, "target", false);
        String hypothesis = string(problems, p, values, "hypothesis", true);
        String plan = string(problems, p, values, "validation-plan", true);
        String acceptance = string(problems, p, values, "acceptance-criterion", true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            return new RemediationRule(id, appliesTo, kinds, causes, requires, action, target, hypothesis, plan, acceptance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p.isEmpty() ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
    }

    private static String string(List<String> problems, String p, Map<String, ?> values, String key, boolean required) {
        Object v = values.get(key);
        if (v == null) {
            if (required) problems.add(p + key + " is required");
            return null;
        }
        if (!(v instanceof String s)) {
            problems.add(p + key + " must be text, got " + v + " (" + v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")");
            return null;
        }
        return s;
    }

    private static List<String> list(List<String> problems, String p, Map<String, ?> values, String key) {
        Object v = values.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (!(v instanceof Collection<?> c)) {
            problems.add(p + key + " must be a list, got " + v);
            return out;
        }
        for (Object item : c) {
            if (item instanceof String s) out.add(s);
            else problems.add(p + key + ": every entry must be text, got " + item);
        }
        return out;
    }

    private static String names(List<? extends Enum<?>> values) {
        Set<String> names = new LinkedHashSet<>();
        for (Enum<?> e : values) names.add(e.name());
        return String.join(", ", names);
    }
}
