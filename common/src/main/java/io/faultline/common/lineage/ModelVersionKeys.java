package io.faultline.common.lineage;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link Lineage#key} of a (model, version), one instance per pair: per-event code that looks up state
 * by {@code model|version} gets the same string every time, without concatenating and hashing a new one per
 * event. Holds one entry per pair it was asked for (models and versions are few). Not thread-safe: one per
 * operator instance.
 */
public final class ModelVersionKeys {
    private final Map<String, Map<String, String>> keys = new HashMap<>();

    /** {@code model|version}; equal to {@link Lineage#key} for the same arguments. */
    public String of(String model, String modelVersion) {
        Map<String, String> versions = keys.get(model);
        if (versions == null) {
            versions = new HashMap<>();
            keys.put(model, versions);
        }
        String key = versions.get(modelVersion);
        if (key == null) {
            key = Lineage.key(model, modelVersion);
            versions.put(modelVersion, key);
        }
        return key;
    }
}
