package io.faultline.common.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The data classes of {@link IncidentState}, written and read as JSON by Jackson (public fields). Sizes are
 * bounded as documented on {@link IncidentState}.
 */
final class StateModel {
    private StateModel() {}

    /** Everything the detector keeps for one model. */
    static final class Root {
        public int format = IncidentState.FORMAT_VERSION;
        public String model;
        /** Windows fed (gaps not counted): the model's warm-up runs over the first ones. */
        public long windowsSeen;
        public Long lastWindowStart;
        public Long lastWindowEnd;
        public long lateWindowsIgnored;
        /** Predictions per learning window, newest last: seeds the baseline of a failure mode seen for the first time. */
        public List<RingEntry> traffic = new ArrayList<>();
        /** The model's most recent deployments, oldest first. */
        public List<Dep> deployments = new ArrayList<>();
        public TreeMap<String, Version> versions = new TreeMap<>();
        /** By signal id. */
        public TreeMap<String, Signal> signals = new TreeMap<>();
        /** The last windows' per-version counts (up to open-after - 1), for an incident opening later. */
        public List<WindowVersions> recent = new ArrayList<>();
        /** The open incident, if any (at most one per model). */
        public OpenIncident open;
    }

    /** One baseline window: numerator and denominator (failures and predictions, or a drift score and 1). */
    static final class RingEntry {
        public long start;
        public double x;
        public double n;

        RingEntry() {}

        RingEntry(long start, double x, double n) {
            this.start = start;
            this.x = x;
            this.n = n;
        }
    }

    static final class Dep {
        public String id;
        public String version;
        public long deployedAt;
    }

    static final class Version {
        public long firstSeen;
        public long lastSeen;
    }

    static final class Signal {
        public String kind;
        public String key;
        /** Learning windows, newest last, at most baseline-windows. */
        public List<RingEntry> baseline = new ArrayList<>();
        /** Consecutive anomalous windows while not attached to an incident. */
        public int streak;
        /** Part of the open incident. */
        public boolean attached;
        /** The current anomalous run (while streaking or attached); null otherwise. */
        public Episode episode;
    }

    static final class Episode {
        public long start;
        public long lastAnomalous;
        public int anomalousWindows;
        public double peak;
        public long peakAt;
        public Double baseline;
        public Double threshold;
        public long affected;
        public TreeMap<String, Long> affectedByVersion = new TreeMap<>();
        /** Drift signals: drifted column to its highest score. */
        public TreeMap<String, Double> columns = new TreeMap<>();
        /** Regression: the previous version compared against. */
        public String comparedWith;
        /** Observations before the signal joined an incident (at most open-after windows). */
        public List<TimelineEntry> pending = new ArrayList<>();
    }

    static final class Counts {
        public long predictions;
        public long labelled;
        public long misclassified;
    }

    static final class WindowVersions {
        public long start;
        public long end;
        public TreeMap<String, Counts> versions = new TreeMap<>();
    }

    static final class OpenIncident {
        public String id;
        public long startedAt;
        public long detectedAt;
        public long windowLength;
        public int revision;
        public int recoveryRun;
        public Long recoveredAt;
        public int anomalousWindows;
        public long lastAnomalousEnd;
        /** Attached signal ids, in the order they joined. */
        public List<String> signals = new ArrayList<>();
        /** Per-version counts over the anomalous windows. */
        public TreeMap<String, Counts> versions = new TreeMap<>();
        public Dep relatedDeployment;
        public List<TimelineEntry> timeline = new ArrayList<>();
        public int timelineOmitted;
    }
}
