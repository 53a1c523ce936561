package io.faultline.common.incident;

import io.faultline.common.failure.DriftFailures;
import io.faultline.common.failure.FailureMode;
import io.faultline.common.incident.StateModel.Counts;
import io.faultline.common.incident.StateModel.Dep;
import io.faultline.common.incident.StateModel.Episode;
import io.faultline.common.incident.StateModel.OpenIncident;
import io.faultline.common.incident.StateModel.RingEntry;
import io.faultline.common.incident.StateModel.Root;
import io.faultline.common.incident.StateModel.Signal;
import io.faultline.common.incident.StateModel.Version;
import io.faultline.common.incident.StateModel.WindowVersions;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The incident state machine over window signals, for one model at a time. Stateless itself (settings and an
 * annotator); the memory of each model is an {@link IncidentState}.
 *
 * <pre>{@code
 * IncidentDetector detector = new IncidentDetector(IncidentSettings.defaults(), RemediationRules.defaults());
 * IncidentState state = bytes == null ? new IncidentState() : IncidentState.fromBytes(bytes);
 * List<Incident> rows = detector.onWindow(state, windowSignals);   // windows of one model, in start order
 * bytes = state.toBytes();
 * }</pre>
 *
 * <p><b>Order.</b> Feed each model's windows in increasing order of window start, each window once, complete
 * (all partials merged). A window starting before the end of the previous one is ignored and counted
 * ({@link IncidentState#lateWindowsIgnored()}). A window starting after the previous one's end leaves a gap: no
 * traffic, so running anomalies that have not opened an incident are reset (openings need consecutive windows),
 * while an open incident neither worsens nor recovers (a {@code GAP} timeline entry records it).
 *
 * <p><b>Per window</b>, every signal gets a {@link SignalStatus}; a signal anomalous in {@code open-after}
 * consecutive windows fires: it opens an incident if none is open, else joins the open one (one incident per
 * model at a time: simultaneous symptoms of one cause are one incident). The open incident recovers in a window
 * where none of its signals is anomalous and at least one is normal, and closes after {@code close-after}
 * consecutive recovered windows. A later anomaly is a new incident with a new id. Baselines learn only from
 * windows outside incidents. The rules, thresholds and defaults are in {@code docs/incidents.md}.
 *
 * <p>Deterministic: the same windows give the same rows, bit for bit, also across a {@link IncidentState}
 * round trip through its bytes.
 */
public final class IncidentDetector implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Deployments of a model remembered, the most recent. */
    static final int MAX_DEPLOYMENTS = 16;
    /** Failure modes whose rate is not a FAILURE_RATE signal: they have their own signals. */
    private static final Set<String> NOT_RATE_MODES = Set.of("MISCLASSIFICATION", "REGRESSION_AFTER_DEPLOYMENT",
            "FEATURE_DRIFT", "PREDICTION_DRIFT", "CONFIDENCE_SHIFT");
    private static final List<String> DRIFT_GROUPS = List.of("FEATURE_DRIFT", "PREDICTION_DRIFT", "CONFIDENCE_SHIFT");

    private final IncidentSettings settings;
    private final IncidentAnnotator annotator;

    public IncidentDetector(IncidentSettings settings) {
        this(settings, IncidentAnnotator.NONE);
    }

    /** @param annotator fills further fields (the remediation) of every row before it is returned */
    public IncidentDetector(IncidentSettings settings, IncidentAnnotator annotator) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.annotator = Objects.requireNonNull(annotator, "annotator");
    }

    public IncidentSettings settings() {
        return settings;
    }

    /** One observation of one signal in one window (not kept in state, except its timeline entry). */
    private static final class Observation {
        SignalStatus status = SignalStatus.NO_DATA;
        Double value;
        Double baseline;
        Double threshold;
        long events;
        long trials;
        final TreeMap<String, Long> affectedByVersion = new TreeMap<>();
        final TreeMap<String, Double> columns = new TreeMap<>();
        String comparedWith;
        /** Learns into the baseline (when the window learns) with these. */
        boolean learnable;
        double learnX;
        double learnN;
        String detail;
    }

    /**
     * Feeds one window of the state's model and returns the incident rows it produced (none, or one row of the
     * open incident: OPENED, UPDATED or CLOSED), annotated.
     *
     * @throws IllegalArgumentException if the window is of another model than the state's
     */
    public List<Incident> onWindow(IncidentState state, WindowSignals window) {
        Root s = state.root;
        if (s.model == null) {
            s.model = window.model();
        } else if (!s.model.equals(window.model())) {
            throw new IllegalArgumentException("window of model " + window.model() + " fed to the state of " + s.model);
        }
        long start = window.windowStart();
        long end = window.windowEnd();
        if (s.lastWindowEnd != null && start < s.lastWindowEnd) {
            s.lateWindowsIgnored++;
            return List.of();
        }
        if (s.lastWindowEnd != null && start > s.lastWindowEnd) {
            for (Signal sig : s.signals.values()) {
                if (!sig.attached) reset(sig);
            }
            s.recent.clear();
            if (s.open != null) {
                TimelineEntry gap = new TimelineEntry();
                gap.type = TimelineEntry.GAP;
                gap.at = s.lastWindowEnd;
                gap.windowEnd = start;
                gap.detail = "no windows from " + Instant.ofEpochMilli(s.lastWindowEnd) + " to " + Instant.ofEpochMilli(start);
                addTimeline(s.open, gap);
            }
        }
        s.lastWindowStart = start;
        s.lastWindowEnd = end;
        s.windowsSeen++;
        boolean warmingUp = s.windowsSeen <= settings.warmupWindows();
        boolean wasOpen = s.open != null;

        List<Dep> newDeployments = recordDeployments(s, window);
        updateVersions(s, window);
        ensureSignals(s, window);

        TreeMap<String, Observation> observations = new TreeMap<>();
        for (Map.Entry<String, Signal> e : s.signals.entrySet()) {
            observations.put(e.getKey(), evaluate(s, e.getKey(), e.getValue(), window, warmingUp));
        }
        WindowVersions summary = summarize(window);

        List<String> fired = new ArrayList<>();
        for (Map.Entry<String, Signal> e : s.signals.entrySet()) {
            String id = e.getKey();
            Signal sig = e.getValue();
            Observation o = observations.get(id);
            TimelineEntry entry = entry(id, sig, o, window);
            if (sig.attached) {
                addTimeline(s.open, entry);
                if (o.status == SignalStatus.ANOMALOUS) accumulate(sig.episode, o, start);
            } else if (o.status == SignalStatus.ANOMALOUS) {
                if (sig.episode == null) {
                    sig.episode = new Episode();
                    sig.episode.start = start;
                }
                sig.streak++;
                accumulate(sig.episode, o, start);
                sig.episode.pending.add(entry);
                if (sig.streak >= settings.openAfterWindows()) fired.add(id);
            } else {
                reset(sig);
            }
        }

        boolean openedNow = false;
        if (!fired.isEmpty()) {
            fired.sort(precedence(s));
            if (s.open == null) {
                open(s, fired, window, summary);
                openedNow = true;
            } else {
                for (String id : fired) join(s, id, end);
            }
        }

        List<Incident> rows = new ArrayList<>(1);
        if (s.open != null) {
            OpenIncident inc = s.open;
            boolean anyAnomalous = false;
            boolean anyNormal = false;
            for (String id : inc.signals) {
                SignalStatus status = observations.get(id).status;
                anyAnomalous |= status == SignalStatus.ANOMALOUS;
                anyNormal |= status == SignalStatus.NORMAL;
            }
            if (!openedNow) {
                for (Dep d : newDeployments) addDeploymentEntry(inc, d);
            }
            boolean close = false;
            if (anyAnomalous) {
                inc.recoveryRun = 0;
                inc.recoveredAt = null;
                if (!openedNow) {
                    inc.anomalousWindows++;
                    addCounts(inc.versions, summary);
                }
                inc.lastAnomalousEnd = end;
            } else if (anyNormal) {
                inc.recoveryRun++;
                if (inc.recoveryRun == 1) inc.recoveredAt = start;
                close = inc.recoveryRun >= settings.closeAfterWindows();
            }
            if (inc.relatedDeployment == null) inc.relatedDeployment = relatedDeployment(s, inc);
            IncidentChange change = openedNow ? IncidentChange.OPENED : close ? IncidentChange.CLOSED : IncidentChange.UPDATED;
            if (close) {
                TimelineEntry closed = new TimelineEntry();
                closed.type = TimelineEntry.CLOSED;
                closed.at = end;
                closed.detail = "closed: no signal anomalous for " + inc.recoveryRun + " window(s) since "
                        + Instant.ofEpochMilli(inc.recoveredAt);
                addTimeline(inc, closed);
            }
            Incident row = render(s, inc, change, end);
            annotator.annotate(row);
            rows.add(row);
            if (close) {
                for (String id : inc.signals) {
                    Signal sig = s.signals.get(id);
                    if (sig != null) {
                        sig.attached = false;
                        reset(sig);
                    }
                }
                s.open = null;
            }
        }

        if (!wasOpen && !openedNow) {
            learn(s, observations, window);
        }
        s.recent.add(summary);
        while (s.recent.size() > Math.max(0, settings.openAfterWindows() - 1)) s.recent.remove(0);
        cleanUp(s, window);
        return rows;
    }

    /** Feeds several windows in order; the rows of all of them. */
    public List<Incident> onWindows(IncidentState state, Iterable<WindowSignals> windows) {
        List<Incident> rows = new ArrayList<>();
        for (WindowSignals w : windows) rows.addAll(onWindow(state, w));
        return rows;
    }

    // ---- evaluation ----------------------------------------------------------------------------------------

    private Observation evaluate(Root s, String id, Signal sig, WindowSignals w, boolean warmingUp) {
        return switch (SignalKind.valueOf(sig.kind)) {
            case FAILURE_RATE -> failureRate(sig, w, warmingUp);
            case ERROR_RATE -> errorRate(sig, w, warmingUp);
            case DRIFT -> drift(sig, w, warmingUp);
            case REGRESSION -> regression(s, sig, w, warmingUp);
        };
    }

    private Observation failureRate(Signal sig, WindowSignals w, boolean warmingUp) {
        String mode = sig.key;
        Observation o = new Observation();
        long n = w.predictions();
        long x = w.failures(mode);
        for (String v : w.versions()) {
            long k = w.failures(v, mode);
            if (k > 0) o.affectedByVersion.put(v, k);
        }
        rate(o, sig, x, n, settings.rateThresholdsOf(mode), warmingUp, mode + " in " + x + " of " + n + " predictions");
        return o;
    }

    private Observation errorRate(Signal sig, WindowSignals w, boolean warmingUp) {
        String version = sig.key;
        Observation o = new Observation();
        if (w.predictions(version) == 0 && w.predictions() > 0) {
            o.status = SignalStatus.NORMAL;
            o.detail = "version " + version + " served no predictions";
            return o;
        }
        long n = w.labelled(version);
        long x = w.misclassified(version);
        if (x > 0) o.affectedByVersion.put(version, x);
        rate(o, sig, x, n, settings.errorRate(), warmingUp,
                version + ": " + x + " of " + n + " labelled predictions misclassified");
        return o;
    }

    /** The rate rule shared by FAILURE_RATE and ERROR_RATE. */
    private void rate(Observation o, Signal sig, long x, long n, IncidentSettings.RateThresholds t, boolean warmingUp,
                      String what) {
        o.events = x;
        o.trials = n;
        o.value = n == 0 ? null : (double) x / n;
        double[] pooled = pooled(sig.baseline);
        o.baseline = pooled[1] > 0 ? pooled[0] / pooled[1] : null;
        if (n < t.minCount()) {
            o.status = SignalStatus.NO_DATA;
            o.detail = what + " (fewer than " + t.minCount() + ")";
            return;
        }
        o.learnable = true;
        o.learnX = x;
        o.learnN = n;
        if (warmingUp || sig.baseline.size() < settings.warmupWindows()) {
            o.status = SignalStatus.WARMING_UP;
            o.detail = what + " (baseline " + sig.baseline.size() + " of " + settings.warmupWindows() + " windows)";
            return;
        }
        double p0 = o.baseline;
        double threshold = Math.max(p0 + t.minIncrease(), p0 * t.minRatio());
        o.threshold = threshold;
        double r = o.value;
        // The window against the pooled baseline as two samples: the baseline's own sampling noise counts too.
        double z = Proportions.arcsineZ(x, n, pooled[0], pooled[1]);
        boolean anomalous = r >= threshold && z >= t.z();
        o.status = anomalous ? SignalStatus.ANOMALOUS : SignalStatus.NORMAL;
        o.detail = what + " = " + fmt(r) + " (baseline " + fmtCount(pooled[0]) + " of " + fmtCount(pooled[1]) + " = "
                + fmt(p0) + " over " + sig.baseline.size() + " windows, threshold " + fmt(threshold) + ", z = " + fmt(z)
                + ")";
        if (anomalous) o.learnable = false;
    }

    private Observation drift(Signal sig, WindowSignals w, boolean warmingUp) {
        String group = sig.key;
        IncidentSettings.DriftSignalThresholds t = settings.drift();
        Observation o = new Observation();
        int judged = 0;
        double highest = 0;
        long trials = 0;
        TreeMap<String, Integer> unjudged = new TreeMap<>();
        for (String v : w.versions()) {
            boolean versionJudged = false;
            boolean versionDrifted = false;
            for (Map.Entry<String, WindowSignals.ColumnDrift> e : w.drift(v).entrySet()) {
                FailureMode mode = DriftFailures.modeOf(e.getKey());
                WindowSignals.ColumnDrift d = e.getValue();
                if (mode == null || !mode.name().equals(group)) continue;
                if (!d.hasVerdict()) {
                    unjudged.merge(d.status(), 1, Integer::sum);
                    continue;
                }
                judged++;
                versionJudged = true;
                double score = d.score() == null ? 0 : d.score();
                highest = Math.max(highest, score);
                if (d.drifted() && score >= t.minScore()) {
                    versionDrifted = true;
                    o.columns.merge(e.getKey(), score, Math::max);
                }
            }
            if (versionJudged) trials += w.predictions(v);
            if (versionDrifted) o.affectedByVersion.put(v, w.predictions(v));
        }
        double[] pooled = pooled(sig.baseline);
        o.baseline = pooled[1] > 0 ? pooled[0] / pooled[1] : null;
        o.threshold = t.minScore();
        if (judged == 0) {
            o.status = SignalStatus.NO_DATA;
            o.detail = "no " + group + " column judged" + (unjudged.isEmpty() ? "" : " (statuses " + unjudged + ")");
            return o;
        }
        o.value = highest;
        o.trials = trials;
        for (long k : o.affectedByVersion.values()) o.events += k;
        String what = o.columns.size() + " of " + judged + " judged column(s) drifted, highest drift_score " + fmt(highest)
                + (o.columns.isEmpty() ? "" : " " + o.columns.keySet());
        boolean anomalous = o.columns.size() >= t.minColumns();
        o.learnable = !anomalous;
        o.learnX = highest;
        o.learnN = 1;
        if (warmingUp) {
            o.status = SignalStatus.WARMING_UP;
            o.detail = what + " (model warm-up)";
            return o;
        }
        o.status = anomalous ? SignalStatus.ANOMALOUS : SignalStatus.NORMAL;
        o.detail = what;
        return o;
    }

    private Observation regression(Root s, Signal sig, WindowSignals w, boolean warmingUp) {
        String version = sig.key;
        IncidentSettings.RegressionThresholds t = settings.regression();
        Observation o = new Observation();
        if (w.predictions(version) == 0) {
            o.status = w.predictions() > 0 ? SignalStatus.NORMAL : SignalStatus.NO_DATA;
            o.detail = "version " + version + " served no predictions";
            return o;
        }
        if (!sig.attached && sig.episode == null && !isNew(s, version, w)) {
            o.detail = "version " + version + " is no longer new";
            return o;
        }
        String previous = previousVersion(s, version);
        if (previous == null) {
            o.detail = "no previous version of " + version + " known";
            return o;
        }
        o.comparedWith = previous;
        long nNew = w.labelled(version);
        long xNew = w.misclassified(version);
        o.events = w.predictions(version);
        o.trials = nNew;
        o.affectedByVersion.put(version, w.predictions(version));
        o.value = nNew == 0 ? null : (double) xNew / nNew;
        double xPrev;
        double nPrev;
        String basis;
        if (w.labelled(previous) >= t.minLabelled()) {
            xPrev = w.misclassified(previous);
            nPrev = w.labelled(previous);
            basis = "in the same window";
        } else {
            Signal prevErrors = s.signals.get(id(SignalKind.ERROR_RATE, previous));
            double[] pooled = prevErrors == null ? new double[2] : pooled(prevErrors.baseline);
            xPrev = pooled[0];
            nPrev = pooled[1];
            basis = "over its " + (prevErrors == null ? 0 : prevErrors.baseline.size()) + " trailing windows";
        }
        o.baseline = nPrev > 0 ? xPrev / nPrev : null;
        if (nNew < t.minLabelled() || nPrev < t.minLabelled()) {
            o.detail = version + ": " + xNew + " of " + nNew + " labelled misclassified; " + previous + ": "
                    + fmtCount(xPrev) + " of " + fmtCount(nPrev) + " " + basis + " (fewer than " + t.minLabelled() + ")";
            return o;
        }
        double rNew = (double) xNew / nNew;
        double rPrev = xPrev / nPrev;
        double z = Proportions.arcsineZ(xNew, nNew, xPrev, nPrev);
        o.threshold = rPrev + t.minIncrease();
        o.detail = version + ": " + xNew + " of " + nNew + " labelled misclassified = " + fmt(rNew) + " vs " + previous
                + ": " + fmtCount(xPrev) + " of " + fmtCount(nPrev) + " = " + fmt(rPrev) + " " + basis + ", z = "
                + fmt(z);
        if (warmingUp) {
            o.status = SignalStatus.WARMING_UP;
            return o;
        }
        boolean anomalous = rNew - rPrev >= t.minIncrease() && z >= t.z();
        o.status = anomalous ? SignalStatus.ANOMALOUS : SignalStatus.NORMAL;
        return o;
    }

    // ---- state machine -------------------------------------------------------------------------------------

    private void open(Root s, List<String> fired, WindowSignals w, WindowVersions summary) {
        OpenIncident inc = new OpenIncident();
        long startedAt = Long.MAX_VALUE;
        for (String id : fired) startedAt = Math.min(startedAt, s.signals.get(id).episode.start);
        Signal leading = s.signals.get(fired.get(0));
        SignalKind kind = SignalKind.valueOf(leading.kind);
        inc.id = incidentId(s.model, kind.incidentKind(leading.key), kind.perVersion() ? leading.key : "", startedAt);
        inc.startedAt = startedAt;
        inc.detectedAt = w.windowEnd();
        inc.windowLength = w.windowEnd() - w.windowStart();
        inc.lastAnomalousEnd = w.windowEnd();
        for (WindowVersions recent : s.recent) {
            if (recent.start >= startedAt) {
                addCounts(inc.versions, recent);
                inc.anomalousWindows++;
            }
        }
        addCounts(inc.versions, summary);
        inc.anomalousWindows++;
        s.open = inc;
        for (String id : fired) {
            Signal sig = s.signals.get(id);
            sig.attached = true;
            inc.signals.add(id);
            for (TimelineEntry e : sig.episode.pending) addTimeline(inc, e);
            sig.episode.pending.clear();
        }
        for (Dep d : s.deployments) {
            if (d.deployedAt >= startedAt - settings.deploymentLookback().toMillis() && d.deployedAt < w.windowEnd()) {
                addDeploymentEntry(inc, d);
            }
        }
        TimelineEntry opened = new TimelineEntry();
        opened.type = TimelineEntry.OPENED;
        opened.at = inc.detectedAt;
        opened.detail = "opened: " + String.join(", ", fired) + " anomalous since " + Instant.ofEpochMilli(startedAt);
        addTimeline(inc, opened);
    }

    private void join(Root s, String id, long at) {
        Signal sig = s.signals.get(id);
        sig.attached = true;
        s.open.signals.add(id);
        for (TimelineEntry e : sig.episode.pending) addTimeline(s.open, e);
        sig.episode.pending.clear();
        TimelineEntry joined = new TimelineEntry();
        joined.type = TimelineEntry.JOINED;
        joined.at = at;
        joined.signal = id;
        joined.detail = id + " joined: anomalous since " + Instant.ofEpochMilli(sig.episode.start);
        addTimeline(s.open, joined);
    }

    private static void reset(Signal sig) {
        sig.streak = 0;
        sig.episode = null;
    }

    private static void accumulate(Episode ep, Observation o, long windowStart) {
        ep.anomalousWindows++;
        ep.lastAnomalous = windowStart;
        double value = o.value == null ? 0 : o.value;
        if (ep.anomalousWindows == 1 || value > ep.peak) {
            ep.peak = value;
            ep.peakAt = windowStart;
        }
        if (ep.anomalousWindows == 1) {
            ep.baseline = o.baseline;
            ep.threshold = o.threshold;
        }
        ep.affected += o.events;
        o.affectedByVersion.forEach((v, k) -> ep.affectedByVersion.merge(v, k, Long::sum));
        o.columns.forEach((c, score) -> ep.columns.merge(c, score, Math::max));
        if (ep.comparedWith == null) ep.comparedWith = o.comparedWith;
    }

    private void learn(Root s, Map<String, Observation> observations, WindowSignals w) {
        int k = settings.baselineWindows();
        for (Map.Entry<String, Signal> e : s.signals.entrySet()) {
            Observation o = observations.get(e.getKey());
            if (o != null && o.learnable && o.status != SignalStatus.ANOMALOUS) {
                push(e.getValue().baseline, new RingEntry(w.windowStart(), o.learnX, o.learnN), k);
            }
        }
        if (w.predictions() > 0) {
            push(s.traffic, new RingEntry(w.windowStart(), 0, w.predictions()), k);
        }
    }

    private static void push(List<RingEntry> ring, RingEntry entry, int capacity) {
        ring.add(entry);
        while (ring.size() > capacity) ring.remove(0);
    }

    /** {sum of x, sum of n}. Summed oldest first, so the result is the same after a state round trip. */
    private static double[] pooled(List<RingEntry> ring) {
        double x = 0;
        double n = 0;
        for (RingEntry e : ring) {
            x += e.x;
            n += e.n;
        }
        return new double[] {x, n};
    }

    // ---- signals, versions, deployments --------------------------------------------------------------------

    static String id(SignalKind kind, String key) {
        return kind.name() + ":" + key;
    }

    private void ensureSignals(Root s, WindowSignals w) {
        long rateSignals = s.signals.values().stream().filter(g -> g.kind.equals(SignalKind.FAILURE_RATE.name())).count();
        for (String mode : w.failureModes()) {
            if (NOT_RATE_MODES.contains(mode) || s.signals.containsKey(id(SignalKind.FAILURE_RATE, mode))) continue;
            if (rateSignals >= settings.maxFailureModes()) break;
            Signal sig = newSignal(s, SignalKind.FAILURE_RATE, mode);
            // Before its first failure the mode was at zero: its baseline is the recent traffic with no failures.
            long minCount = settings.rateThresholdsOf(mode).minCount();
            for (RingEntry t : s.traffic) {
                if (t.n >= minCount) sig.baseline.add(new RingEntry(t.start, 0, t.n));
            }
            rateSignals++;
        }
        for (String v : w.versions()) {
            if (w.labelled(v) > 0 && !s.signals.containsKey(id(SignalKind.ERROR_RATE, v))) {
                newSignal(s, SignalKind.ERROR_RATE, v);
            }
            if (w.predictions(v) > 0 && !s.signals.containsKey(id(SignalKind.REGRESSION, v)) && isNew(s, v, w)
                    && previousVersion(s, v) != null) {
                newSignal(s, SignalKind.REGRESSION, v);
            }
            for (Map.Entry<String, WindowSignals.ColumnDrift> e : w.drift(v).entrySet()) {
                FailureMode mode = DriftFailures.modeOf(e.getKey());
                if (mode != null && e.getValue().hasVerdict() && !s.signals.containsKey(id(SignalKind.DRIFT, mode.name()))) {
                    newSignal(s, SignalKind.DRIFT, mode.name());
                }
            }
        }
    }

    private static Signal newSignal(Root s, SignalKind kind, String key) {
        Signal sig = new Signal();
        sig.kind = kind.name();
        sig.key = key;
        s.signals.put(id(kind, key), sig);
        return sig;
    }

    /**
     * A version is new in a window when one of its deployments falls in [window start - lookback, window end), or
     * when it first served within the lookback and another version served before it.
     */
    private boolean isNew(Root s, String version, WindowSignals w) {
        long since = w.windowStart() - settings.deploymentLookback().toMillis();
        for (Dep d : s.deployments) {
            if (d.version.equals(version) && d.deployedAt >= since && d.deployedAt < w.windowEnd()) return true;
        }
        Version seen = s.versions.get(version);
        if (seen == null || seen.firstSeen < since) return false;
        for (Map.Entry<String, Version> e : s.versions.entrySet()) {
            if (!e.getKey().equals(version) && e.getValue().firstSeen < seen.firstSeen) return true;
        }
        return false;
    }

    /**
     * The version that served before {@code version}: the version of the latest deployment of another version
     * before {@code version}'s latest deployment; without one, the other version seen before it that was seen
     * last (ties: the one seen first, then by name).
     */
    String previousVersion(Root s, String version) {
        Dep latestOwn = null;
        for (Dep d : s.deployments) {
            if (d.version.equals(version)) latestOwn = d;
        }
        if (latestOwn != null) {
            Dep before = null;
            for (Dep d : s.deployments) {
                if (!d.version.equals(version) && d.deployedAt <= latestOwn.deployedAt) before = d;
            }
            if (before != null) return before.version;
        }
        Version own = s.versions.get(version);
        String best = null;
        Version bestSeen = null;
        for (Map.Entry<String, Version> e : s.versions.entrySet()) {
            Version v = e.getValue();
            if (e.getKey().equals(version) || (own != null && v.firstSeen >= own.firstSeen)) continue;
            if (bestSeen == null || v.lastSeen > bestSeen.lastSeen
                    || (v.lastSeen == bestSeen.lastSeen && v.firstSeen < bestSeen.firstSeen)) {
                best = e.getKey();
                bestSeen = v;
            }
        }
        return best;
    }

    private static List<Dep> recordDeployments(Root s, WindowSignals w) {
        List<Dep> added = new ArrayList<>();
        for (WindowSignals.DeploymentSeen seen : w.deployments()) {
            boolean known = false;
            for (Dep d : s.deployments) {
                known |= d.deployedAt == seen.deployedAt() && d.version.equals(seen.version())
                        && Objects.equals(d.id, seen.deploymentId());
            }
            if (known) continue;
            Dep d = new Dep();
            d.id = seen.deploymentId();
            d.version = seen.version();
            d.deployedAt = seen.deployedAt();
            s.deployments.add(d);
            added.add(d);
        }
        s.deployments.sort(DEP_ORDER);
        while (s.deployments.size() > MAX_DEPLOYMENTS) s.deployments.remove(0);
        return added;
    }

    private static final Comparator<Dep> DEP_ORDER = Comparator.comparingLong((Dep d) -> d.deployedAt)
            .thenComparing(d -> d.version)
            .thenComparing(d -> d.id, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static void updateVersions(Root s, WindowSignals w) {
        for (String v : w.versions()) {
            if (w.predictions(v) == 0) continue;
            Version seen = s.versions.get(v);
            if (seen == null) {
                seen = new Version();
                seen.firstSeen = w.windowStart();
                s.versions.put(v, seen);
            }
            seen.lastSeen = w.windowStart();
        }
    }

    /** Forgets the least recently seen versions beyond max-versions, and regression signals that are idle. */
    private void cleanUp(Root s, WindowSignals w) {
        Set<String> pinned = new java.util.HashSet<>();
        for (Signal sig : s.signals.values()) {
            if (sig.attached || sig.episode != null) {
                if (SignalKind.valueOf(sig.kind).perVersion()) pinned.add(sig.key);
                if (sig.episode != null && sig.episode.comparedWith != null) pinned.add(sig.episode.comparedWith);
            }
        }
        while (s.versions.size() > settings.maxVersions()) {
            String victim = null;
            Version victimSeen = null;
            for (Map.Entry<String, Version> e : s.versions.entrySet()) {
                if (pinned.contains(e.getKey())) continue;
                if (victimSeen == null || e.getValue().lastSeen < victimSeen.lastSeen) {
                    victim = e.getKey();
                    victimSeen = e.getValue();
                }
            }
            if (victim == null) break;
            s.versions.remove(victim);
            s.signals.remove(id(SignalKind.ERROR_RATE, victim));
            s.signals.remove(id(SignalKind.REGRESSION, victim));
        }
        s.signals.entrySet().removeIf(e -> {
            Signal sig = e.getValue();
            return sig.kind.equals(SignalKind.REGRESSION.name()) && !sig.attached && sig.episode == null
                    && !isNew(s, sig.key, w);
        });
    }

    private static WindowVersions summarize(WindowSignals w) {
        WindowVersions summary = new WindowVersions();
        summary.start = w.windowStart();
        summary.end = w.windowEnd();
        for (String v : w.versions()) {
            Counts c = new Counts();
            c.predictions = w.predictions(v);
            c.labelled = w.labelled(v);
            c.misclassified = w.misclassified(v);
            summary.versions.put(v, c);
        }
        return summary;
    }

    private static void addCounts(TreeMap<String, Counts> into, WindowVersions window) {
        window.versions.forEach((v, c) -> {
            Counts sum = into.computeIfAbsent(v, k -> new Counts());
            sum.predictions += c.predictions;
            sum.labelled += c.labelled;
            sum.misclassified += c.misclassified;
        });
    }

    // ---- precedence, cause, rendering ----------------------------------------------------------------------

    /**
     * Which signal leads an incident (gives it its kind): the lowest rank, then the earliest anomalous start,
     * then the id. Ranks: REGRESSION 0; FEATURE_DRIFT 1; failure rates of DEPLOYMENT modes 2, of DATA modes 3;
     * ERROR_RATE 4; failure rates of MODEL modes 5; PREDICTION_DRIFT 6; CONFIDENCE_SHIFT 7. A specific
     * explanation leads its symptoms: a regression explains more low-confidence answers, a data shift explains
     * prediction drift.
     */
    private static Comparator<String> precedence(Root s) {
        return Comparator.comparingInt((String id) -> rank(s.signals.get(id)))
                .thenComparingLong(id -> s.signals.get(id).episode == null ? Long.MAX_VALUE : s.signals.get(id).episode.start)
                .thenComparing(id -> id);
    }

    static int rank(Signal sig) {
        return switch (SignalKind.valueOf(sig.kind)) {
            case REGRESSION -> 0;
            case ERROR_RATE -> 4;
            case DRIFT -> switch (sig.key) {
                case "FEATURE_DRIFT" -> 1;
                case "PREDICTION_DRIFT" -> 6;
                default -> 7;
            };
            case FAILURE_RATE -> switch (categoryOf(sig.key)) {
                case "DEPLOYMENT" -> 2;
                case "DATA" -> 3;
                default -> 5;
            };
        };
    }

    /**
     * The category of an incident kind (a failure mode name): the taxonomy's, for modes it lists; for modes
     * announced but not yet in it, the (REGRESSION_AFTER_DEPLOYMENT DEPLOYMENT; SCHEMA_VIOLATION and the
     * edge-case and label-noise modes DATA); MODEL otherwise.
     */
    public static String categoryOf(String kind) {
        for (FailureMode mode : FailureMode.values()) {
            if (mode.name().equals(kind)) return mode.category().name();
        }
        return switch (kind) {
            case "REGRESSION_AFTER_DEPLOYMENT" -> "DEPLOYMENT";
            case "OUT_OF_DISTRIBUTION", "UNSEEN_CATEGORY", "RARE_COMBINATION", "MISSING_FEATURE", "SCHEMA_VIOLATION",
                 "SUSPECTED_LABEL_NOISE" -> "DATA";
            default -> "MODEL";
        };
    }

    private Dep relatedDeployment(Root s, OpenIncident inc) {
        long from = inc.startedAt - settings.deploymentLookback().toMillis();
        long to = inc.startedAt + inc.windowLength;
        Dep found = null;
        for (Dep d : s.deployments) {
            if (d.deployedAt >= from && d.deployedAt < to) found = d;
        }
        return found;
    }

    private Incident render(Root s, OpenIncident inc, IncidentChange change, long updatedAt) {
        List<String> ordered = new ArrayList<>(inc.signals);
        ordered.sort(precedence(s));
        Signal leading = s.signals.get(ordered.get(0));
        SignalKind kind = SignalKind.valueOf(leading.kind);
        Episode ep = leading.episode;

        Incident row = new Incident();
        row.incidentId = inc.id;
        row.model = s.model;
        row.kind = kind.incidentKind(leading.key);
        row.signal = kind.name();
        row.signalKey = kind.perVersion() ? leading.key : null;
        row.category = categoryOf(row.kind);
        row.status = (change == IncidentChange.CLOSED ? IncidentStatus.CLOSED : IncidentStatus.OPEN).name();
        row.change = change.name();
        row.revision = inc.revision++;
        row.startedAt = inc.startedAt;
        row.detectedAt = inc.detectedAt;
        row.updatedAt = updatedAt;
        row.recoveredAt = inc.recoveredAt;
        row.closedAt = change == IncidentChange.CLOSED ? updatedAt : null;
        row.timeToDetectMs = inc.detectedAt - inc.startedAt;
        row.peakValue = ep.peak;
        row.baselineValue = ep.baseline;
        row.thresholdValue = ep.threshold;
        row.affectedEvents = ep.affected;
        List<String> affectedVersions = new ArrayList<>();
        ep.affectedByVersion.forEach((v, k) -> {
            if (k > 0) affectedVersions.add(v);
        });
        row.affectedVersions = affectedVersions.toArray(new String[0]);
        row.anomalousWindows = inc.anomalousWindows;
        List<String> versions = new ArrayList<>();
        inc.versions.forEach((v, c) -> {
            if (c.predictions > 0) versions.add(v);
        });
        row.modelVersions = versions.toArray(new String[0]);

        TreeMap<String, Double> drifted = new TreeMap<>();
        boolean featureDrift = false;
        for (String id : ordered) {
            Signal sig = s.signals.get(id);
            if (sig.kind.equals(SignalKind.DRIFT.name()) && sig.episode != null) {
                sig.episode.columns.forEach((c, score) -> drifted.merge(c, score, Math::max));
                featureDrift |= sig.key.equals("FEATURE_DRIFT") && !sig.episode.columns.isEmpty();
            }
        }
        row.driftedColumns = drifted.keySet().toArray(new String[0]);
        row.driftedColumnScores = drifted.values().stream().mapToDouble(Double::doubleValue).toArray();

        Dep related = inc.relatedDeployment;
        if (related != null) {
            row.relatedDeploymentId = related.id;
            row.relatedDeploymentVersion = related.version;
            row.relatedDeployedAt = related.deployedAt;
        }

        if (kind == SignalKind.REGRESSION) {
            row.newVersion = leading.key;
            row.previousVersion = ep.comparedWith;
        } else if (related != null) {
            row.newVersion = related.version;
            row.previousVersion = previousVersion(s, related.version);
        }
        compareVersions(s, inc, row);

        row.suspectedCause = suspectedCause(kind, ep, related, featureDrift, row.category).name();
        row.signals = ordered.toArray(new String[0]);
        row.timeline = inc.timeline.stream().map(TimelineEntry::copy).toArray(TimelineEntry[]::new);
        row.timelineOmitted = inc.timelineOmitted;
        return row;
    }

    /**
     * The error rates of the new and the previous version for the validation plan: the new version's over the
     * incident's anomalous windows; the previous version's over the same windows when it was labelled at least
     * min-labelled times there, else over its trailing baseline windows before the incident.
     */
    private void compareVersions(Root s, OpenIncident inc, Incident row) {
        if (row.newVersion == null || row.previousVersion == null) return;
        Counts fresh = inc.versions.get(row.newVersion);
        if (fresh != null && fresh.labelled > 0) {
            row.newVersionLabelled = fresh.labelled;
            row.newVersionMisclassified = fresh.misclassified;
            row.newVersionErrorRate = (double) fresh.misclassified / fresh.labelled;
        }
        Counts previous = inc.versions.get(row.previousVersion);
        if (previous != null && previous.labelled >= settings.regression().minLabelled()) {
            row.comparisonBasis = ComparisonBasis.SAME_WINDOWS.name();
            row.previousVersionLabelled = previous.labelled;
            row.previousVersionMisclassified = previous.misclassified;
            row.comparisonFrom = inc.startedAt;
            row.comparisonTo = inc.lastAnomalousEnd;
        } else {
            Signal errors = s.signals.get(id(SignalKind.ERROR_RATE, row.previousVersion));
            if (errors == null || errors.baseline.isEmpty()) return;
            double[] pooled = pooled(errors.baseline);
            row.comparisonBasis = ComparisonBasis.PREVIOUS_VERSION_TRAILING_WINDOWS.name();
            row.previousVersionLabelled = (long) pooled[1];
            row.previousVersionMisclassified = (long) pooled[0];
            row.comparisonFrom = errors.baseline.get(0).start;
            row.comparisonTo = errors.baseline.get(errors.baseline.size() - 1).start + inc.windowLength;
        }
        if (row.previousVersionLabelled > 0) {
            row.previousVersionErrorRate = (double) row.previousVersionMisclassified / row.previousVersionLabelled;
        }
    }

    /**
     * First match: a regression is DEPLOYMENT; a related deployment whose version served at least the attribution
     * share of the leading signal's affected events is DEPLOYMENT; drifted feature columns are DATA; else the
     * category of the kind (DEPLOYMENT for latency and unregistered versions, DATA for data modes, MODEL).
     */
    private SuspectedCause suspectedCause(SignalKind kind, Episode ep, Dep related, boolean featureDrift,
                                          String category) {
        if (kind == SignalKind.REGRESSION) return SuspectedCause.DEPLOYMENT;
        if (related != null && ep.affected > 0) {
            long fromDeployed = ep.affectedByVersion.getOrDefault(related.version, 0L);
            if (fromDeployed >= settings.deploymentAttributionShare() * ep.affected) return SuspectedCause.DEPLOYMENT;
        }
        if (featureDrift) return SuspectedCause.DATA;
        return SuspectedCause.valueOf(category);
    }

    // ---- timeline ------------------------------------------------------------------------------------------

    private TimelineEntry entry(String id, Signal sig, Observation o, WindowSignals w) {
        TimelineEntry e = new TimelineEntry();
        e.type = TimelineEntry.WINDOW;
        e.at = w.windowStart();
        e.windowEnd = w.windowEnd();
        e.signal = id;
        e.status = o.status.name();
        e.value = o.value;
        e.baseline = o.baseline;
        e.threshold = o.threshold;
        e.events = o.events;
        e.trials = o.trials;
        e.version = SignalKind.valueOf(sig.kind).perVersion() ? sig.key : null;
        e.detail = o.detail;
        return e;
    }

    private void addDeploymentEntry(OpenIncident inc, Dep d) {
        for (TimelineEntry e : inc.timeline) {
            if (e.type.equals(TimelineEntry.DEPLOYMENT) && e.at == d.deployedAt && d.version.equals(e.version)
                    && Objects.equals(d.id, e.deploymentId)) return;
        }
        TimelineEntry e = new TimelineEntry();
        e.type = TimelineEntry.DEPLOYMENT;
        e.at = d.deployedAt;
        e.version = d.version;
        e.deploymentId = d.id;
        e.detail = "deployment " + (d.id == null ? "(no id)" : d.id) + " put version " + d.version + " live";
        addTimeline(inc, e);
    }

    /** Inserts in {@link TimelineEntry#ORDER}; beyond the limit, drops the oldest entry of the second half. */
    private void addTimeline(OpenIncident inc, TimelineEntry e) {
        List<TimelineEntry> t = inc.timeline;
        int at = t.size();
        while (at > 0 && TimelineEntry.ORDER.compare(t.get(at - 1), e) > 0) at--;
        t.add(at, e);
        int limit = settings.timelineLimit();
        while (t.size() > limit) {
            t.remove(limit / 2);
            inc.timelineOmitted++;
        }
    }

    // ---- ids and text --------------------------------------------------------------------------------------

    /**
     * Lowercase hex of the first 16 bytes of SHA-256 over the UTF-8 bytes of model, kind, signal key and the ISO-8601
     * start, separated by NUL characters.
     */
    public static String incidentId(String model, String kind, String signalKey, long startedAt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((model + '\u0000' + kind + '\u0000' + signalKey + '\u0000'
                    + Instant.ofEpochMilli(startedAt)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String fmtCount(double v) {
        return Long.toString((long) v);
    }
}
