package io.faultline.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of the config file: which keys exist at each level. The reader rejects any key not listed here
 * (so a typo fails loudly instead of silently falling back to a default), {@link FaultlineConfig#knownKeys()}
 * lists the leaves, and dotted override keys are resolved against it.
 */
final class ConfigSchema {
    /** A node of the schema tree. */
    interface Node {}

    /** A single value. */
    static final class Leaf implements Node {
        private Leaf() {}
    }

    /** A map with a fixed set of keys, in documentation order. */
    static final class Section implements Node {
        final Map<String, Node> keys;

        Section(Object... keysAndNodes) {
            Map<String, Node> m = new LinkedHashMap<>();
            for (int i = 0; i < keysAndNodes.length; i += 2) {
                m.put((String) keysAndNodes[i], (Node) keysAndNodes[i + 1]);
            }
            this.keys = Collections.unmodifiableMap(m);
        }

        String keyList() {
            return String.join(", ", keys.keySet());
        }
    }

    /** A map whose keys the user chooses (model names, Kafka property names), each holding the same node. */
    static final class FreeMap implements Node {
        /** Stands for the user's key in documentation, e.g. {@code <model>}. */
        final String placeholder;
        final Node value;

        FreeMap(String placeholder, Node value) {
            this.placeholder = placeholder;
            this.value = value;
        }
    }

    static final Leaf LEAF = new Leaf();

    static final Section THRESHOLDS = new Section(
            "latency-slo-ms", LEAF,
            "low-confidence", LEAF,
            "ambiguous-margin", LEAF,
            "impact-weight", LEAF);

    /** {@code drift.thresholds} and each {@code drift.models.<model>}: the fields of DriftThresholds. */
    static final Section DRIFT_THRESHOLDS = new Section(
            "min-sample-size", LEAF,
            "psi-warn", LEAF,
            "psi-drift", LEAF,
            "js-distance-warn", LEAF,
            "js-distance-drift", LEAF,
            "wasserstein-norm-warn", LEAF,
            "wasserstein-norm-drift", LEAF);

    /** A section whose leaves are the given keys (settings validated by their own class). */
    static Section leaves(java.util.List<String> keys) {
        Object[] keysAndNodes = new Object[keys.size() * 2];
        for (int i = 0; i < keys.size(); i++) {
            keysAndNodes[2 * i] = keys.get(i);
            keysAndNodes[2 * i + 1] = LEAF;
        }
        return new Section(keysAndNodes);
    }

    /**
     * A section shaped like a settings map (as its class's {@code toMap()} returns it): a nested map becomes a
     * section, any other value a leaf, in the map's order.
     */
    static Section shapeOf(Map<String, ?> settings) {
        Object[] keysAndNodes = new Object[settings.size() * 2];
        int i = 0;
        for (Map.Entry<String, ?> e : settings.entrySet()) {
            keysAndNodes[i++] = e.getKey();
            @SuppressWarnings("unchecked")
            Node node = e.getValue() instanceof Map<?, ?> m ? shapeOf((Map<String, ?>) m) : LEAF;
            keysAndNodes[i++] = node;
        }
        return new Section(keysAndNodes);
    }

    static final Section ROOT = new Section(
            "output", new Section("uri", LEAF),
            "parallelism", LEAF,
            "max-parallelism", LEAF,
            "time", new Section(
                    "dedup-horizon", LEAF,
                    "label-wait", LEAF,
                    "lineage-wait", LEAF,
                    "allowed-lateness", LEAF,
                    "out-of-orderness", LEAF,
                    "source-idleness", LEAF),
            "thresholds", new Section(
                    "defaults", THRESHOLDS,
                    "models", new FreeMap("<model>", THRESHOLDS)),
            "windows", new Section("size", LEAF),
            "labels", new Section(
                    "policy", LEAF,
                    "source-priority", LEAF,
                    "noise-confidence", LEAF),
            "drift", new Section(
                    "warmup-windows", LEAF,
                    "reference-profiles", LEAF,
                    "ignore-columns", LEAF,
                    "thresholds", DRIFT_THRESHOLDS,
                    "models", new FreeMap("<model>", DRIFT_THRESHOLDS),
                    "columns", new FreeMap("<column>", DRIFT_THRESHOLDS)),
            "scoring", leaves(io.faultline.common.scoring.ScoringSettings.KEYS),
            "incidents", shapeOf(io.faultline.common.incident.IncidentSettings.defaults().toMap()),
            "remediation", new Section("rules-file", LEAF),
            "kafka", new Section(
                    "bootstrap-servers", LEAF,
                    "group-id", LEAF,
                    "starting-offsets", LEAF,
                    "topics", new Section(
                            "predictions", LEAF,
                            "labels", LEAF,
                            "deployments", LEAF),
                    "properties", new FreeMap("<name>", LEAF)),
            "checkpoints", new Section(
                    "interval", LEAF,
                    "dir", LEAF,
                    "state-backend", LEAF,
                    "incremental", LEAF));

    private ConfigSchema() {}

    /** Every leaf key as a dotted path, user-chosen keys shown as their placeholder, in documentation order. */
    static List<String> leafKeys() {
        List<String> out = new ArrayList<>();
        collect("", ROOT, out);
        return Collections.unmodifiableList(out);
    }

    private static void collect(String prefix, Node node, List<String> out) {
        if (node instanceof Leaf) {
            out.add(prefix);
        } else if (node instanceof Section) {
            for (Map.Entry<String, Node> e : ((Section) node).keys.entrySet()) {
                collect(join(prefix, e.getKey()), e.getValue(), out);
            }
        } else {
            FreeMap f = (FreeMap) node;
            collect(join(prefix, f.placeholder), f.value, out);
        }
    }

    static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /**
     * Splits a dotted key into its path through the tree. User-chosen keys may contain dots (model
     * {@code fraud.v2}, Kafka property {@code security.protocol}): a Kafka property name is the whole rest of
     * the key, a model name is everything up to the last dot. Segments the schema does not know are split on
     * dots and left for the reader to reject with its usual message.
     */
    static List<String> path(String dottedKey) {
        List<String> segments = new ArrayList<>();
        Node node = ROOT;
        String rest = dottedKey;
        while (!rest.isEmpty()) {
            if (node instanceof Section) {
                int dot = rest.indexOf('.');
                String seg = dot < 0 ? rest : rest.substring(0, dot);
                segments.add(seg);
                rest = dot < 0 ? "" : rest.substring(dot + 1);
                node = ((Section) node).keys.get(seg);
                if (node == null || node instanceof Leaf) {
                    break;
                }
            } else {
                FreeMap f = (FreeMap) node;
                int dot = f.value instanceof Leaf ? -1 : rest.lastIndexOf('.');
                segments.add(dot < 0 ? rest : rest.substring(0, dot));
                rest = dot < 0 ? "" : rest.substring(dot + 1);
                node = f.value;
                if (node instanceof Leaf) {
                    break;
                }
            }
        }
        if (!rest.isEmpty()) {
            for (String s : rest.split("\\.", -1)) {
                segments.add(s);
            }
        }
        return segments;
    }
}
