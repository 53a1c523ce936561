package io.faultline.common.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@link IncidentDetector}'s memory of one model: baselines, running anomalies, versions and deployments
 * seen, and the open incident. Keep one per model (in Flink: keyed state keyed by model, as the bytes of
 * {@link #toBytes()}).
 *
 * <p><b>Size bound.</b> With {@code S} signals ({@code S <= max-failure-modes + 3 + 2 * max-versions}), {@code K}
 * baseline windows and a timeline limit {@code T}: at most {@code S * K} baseline entries (about 60 bytes each
 * in JSON), {@code K} traffic entries, 16 deployments, {@code max-versions} versions, {@code open-after - 1}
 * recent windows, {@code S * open-after} pending observations and one open incident with at most {@code T}
 * timeline entries (about 400 bytes each). With the defaults and the eight failure modes of the current taxonomy
 * (6 rate signals, 3 drift, 2 per version) that is about 20 KB idle and 60 KB during a long incident.
 *
 * <p><b>Byte form.</b> UTF-8 JSON with a {@code format} number ({@link #FORMAT_VERSION}); a reader refuses other
 * formats and unknown properties, so a changed layout is a new format number with an explicit read of the old one.
 * Doubles round-trip exactly, so a restored state continues bit for bit as the original would have.
 */
public final class IncidentState {
    public static final int FORMAT_VERSION = 1;

    final StateModel.Root root;

    /** A new model's state: nothing seen yet. */
    public IncidentState() {
        this(new StateModel.Root());
    }

    private IncidentState(StateModel.Root root) {
        this.root = root;
    }

    public byte[] toBytes() {
        return Json.write(root);
    }

    /** Reads {@link #toBytes()}; malformed input or another format is an {@link IllegalArgumentException}. */
    public static IncidentState fromBytes(byte[] bytes) {
        JsonNode tree = Json.read(bytes, "incident state");
        JsonNode format = tree.get("format");
        if (format == null || !format.isInt() || format.intValue() != FORMAT_VERSION) {
            throw new IllegalArgumentException("incident state format " + format + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        try {
            return new IncidentState(Json.MAPPER.treeToValue(tree, StateModel.Root.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed incident state bytes: " + e.getMessage(), e);
        }
    }

    /** The model, once a window was fed; else null. */
    public String model() {
        return root.model;
    }

    public long windowsSeen() {
        return root.windowsSeen;
    }

    /** End of the last window fed; null before the first. */
    public Long lastWindowEnd() {
        return root.lastWindowEnd;
    }

    /** Windows that started before the end of an earlier window, and were ignored. */
    public long lateWindowsIgnored() {
        return root.lateWindowsIgnored;
    }

    /** The id of the open incident, or null. */
    public String openIncidentId() {
        return root.open == null ? null : root.open.id;
    }

    /** Signals tracked (with a baseline or a running anomaly). */
    public int trackedSignals() {
        return root.signals.size();
    }
}
