package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.lineage.Lineage;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Prediction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The prediction join for streaming on the {@code hashmap} state backend: {@link JoinLogic}'s decisions over
 * per-event {@link JoinState}s kept in a plain hash map, with their deadlines in {@link EventTimers}, instead
 * of Flink's keyed value state and timer heap. Input 1 is keyed by {@code event_id} (predictions and labels),
 * input 2 is the broadcast stream of deployments (their registry is broadcast operator state, as in
 * {@link PredictionJoinFunction}).
 *
 * <p><b>Why.</b> Every valid prediction waits a day of event time for its labels. On the heap backend each
 * waiting event cost a copy-on-write map entry, a timer object in a binary heap plus its de-duplication set,
 * and a state lookup and write per record; profiles of {@code faultline bench} put that at about half of the
 * join thread, plus most of the garbage collector's work. Here a record costs one hash-map lookup and an
 * append to a minute's timer bucket.
 *
 * <p><b>Checkpoints.</b> The states are written at each snapshot as raw keyed state, key group by key group
 * (format version {@value #FORMAT_VERSION}: per key group an int version, an int count, then per event its id
 * and its {@link JoinState} by Flink's POJO serializer), so that restore at any parallelism hands each subtask
 * exactly the key groups it owns. Timers are not written: every timer that can still change a state follows
 * from the state ({@link JoinLogic#timersOf}) and is registered again on restore.
 *
 * <p>The state is on the heap, as with the {@code hashmap} backend it replaces; deployments that keep a day of
 * predictions larger than the heap use {@code rocksdb}, and with it {@link PredictionJoinFunction}. The two
 * have different uids, so a savepoint of one is never silently restored into the other.
 */
public class HeapPredictionJoinOperator extends AbstractStreamOperator<Prediction>
        implements TwoInputStreamOperator<KeyedEvent, Deployment, Prediction>, JoinLogic.Host {
    static final int FORMAT_VERSION = 1;

    private final JoinLogic logic;

    private transient Map<String, JoinState> entries;
    private transient EventTimers<JoinState> timers;
    /** Event ids whose prediction waits for its deployment, in arrival order. */
    private transient LinkedHashSet<String> awaiting;
    private transient BroadcastState<String, DeploymentHistory> registry;
    private transient TypeSerializer<JoinState> stateSerializer;
    private transient long watermark;
    /** The watermark of input 2, the deployments: every deployment at or before it has arrived. */
    private transient long deploymentsWatermark;
    /** The event id being processed, its state, and the timestamp its outputs carry. */
    private transient String currentKey;
    private transient JoinState currentState;
    private transient long currentTimestamp;
    private transient StreamRecord<Prediction> reuse;

    public HeapPredictionJoinOperator(long dedupHorizonMs, long allowedLatenessMs, long lineageWaitMs, long labelWaitMs,
            EventTimeRange range, FailureClassifier classifier) {
        this.logic = new JoinLogic(dedupHorizonMs, allowedLatenessMs, lineageWaitMs, labelWaitMs, range, classifier);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        entries = new HashMap<>();
        timers = new EventTimers<>();
        awaiting = new LinkedHashSet<>();
        watermark = Long.MIN_VALUE;
        deploymentsWatermark = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
        registry = getOperatorStateBackend().getBroadcastState(PredictionJoinFunction.REGISTRY);
        stateSerializer = TypeInformation.of(JoinState.class).createSerializer(getExecutionConfig().getSerializerConfig());
        for (KeyGroupStatePartitionStreamProvider group : context.getRawKeyedStateInputs()) {
            DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(group.getStream());
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("prediction join state of key group " + group.getKeyGroupId() + " has format version "
                        + version + "; this build reads version " + FORMAT_VERSION);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String eventId = StringSerializer.INSTANCE.deserialize(in);
                JoinState state = stateSerializer.deserialize(in);
                entries.put(eventId, state);
                logic.timersOf(state, time -> timers.register(time, eventId, state));
                if (state.awaitsDeployment()) {
                    awaiting.add(eventId);
                }
            }
        }
    }

    /**
     * Flink's key context is not needed: the states are this operator's own, by event id, so Flink need not
     * hash each record's key to set it.
     */
    @Override
    public boolean hasKeyContext1() {
        return false;
    }

    /** The raw keyed state is this operator's (its timers are not Flink's), so Flink must not read it as timers. */
    @Override
    protected boolean isUsingCustomRawKeyedState() {
        return true;
    }

    @Override
    public void open() throws Exception {
        super.open();
        logic.open(getRuntimeContext());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        Map<Integer, List<String>> byGroup = new HashMap<>();
        for (String eventId : entries.keySet()) {
            byGroup.computeIfAbsent(KeyGroupRangeAssignment.assignToKeyGroup(eventId, maxParallelism),
                    g -> new ArrayList<>()).add(eventId);
        }
        KeyedStateCheckpointOutputStream stream = context.getRawKeyedOperatorStateOutput();
        DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(stream);
        for (int group : stream.getKeyGroupList()) {
            stream.startNewKeyGroup(group);
            List<String> ids = byGroup.getOrDefault(group, List.of());
            out.writeInt(FORMAT_VERSION);
            out.writeInt(ids.size());
            for (String eventId : ids) {
                StringSerializer.INSTANCE.serialize(eventId, out);
                stateSerializer.serialize(entries.get(eventId), out);
            }
        }
    }

    @Override
    public void processElement1(StreamRecord<KeyedEvent> record) throws Exception {
        KeyedEvent event = record.getValue();
        String eventId = event.eventId();
        JoinState state = entries.get(eventId);
        boolean known = state != null;
        if (!known) {
            state = new JoinState();
        }
        currentKey = eventId;
        currentState = state;
        currentTimestamp = record.getTimestamp();
        if (event.label != null) {
            logic.onLabel(state, event.label, this);
        } else if (!logic.onPrediction(state, event.prediction, event.predictionForm, this)) {
            return;
        }
        if (!known && !state.isEmpty()) {
            entries.put(eventId, state);
        } else if (known && state.isEmpty()) {
            release(eventId, state);
        }
    }

    @Override
    public void processElement2(StreamRecord<Deployment> record) throws Exception {
        Deployment d = record.getValue();
        String key = Lineage.key(d.model, d.modelVersion);
        DeploymentHistory history = registry.get(key);
        if (history == null) {
            history = new DeploymentHistory();
        }
        if (!history.add(d)) {
            return;
        }
        registry.put(key, history);
        currentTimestamp = record.getTimestamp();
        for (String eventId : awaiting.toArray(new String[0])) {
            currentKey = eventId;
            currentState = entries.get(eventId);
            logic.onDeployment(currentState, key, history, this);
        }
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        deploymentsWatermark = mark.getTimestamp();
        super.processWatermark2(mark);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        timers.advanceTo(watermark, this::fire);
        super.processWatermark(mark);
    }

    private void fire(String eventId, JoinState state, long time) throws Exception {
        if (state.released) {
            return; // a timer of state that already ended (e.g. a label's orphan expiry after its verdict)
        }
        currentKey = eventId;
        currentState = state;
        currentTimestamp = time;
        logic.onTimer(state, time, this);
        if (state.isEmpty()) {
            release(eventId, state);
        }
    }

    /** The event's state ends: out of the map, and marked so that its remaining timers pass it by. */
    private void release(String eventId, JoinState state) {
        entries.remove(eventId);
        state.released = true;
    }

    /** Number of events with state; zero once every wait has ended. */
    int stateEntries() {
        return entries.size();
    }

    /** Number of pending timers. */
    int pendingTimers() {
        return timers.size();
    }

    // JoinLogic.Host: the current event id's timers, registry and outputs.

    @Override
    public long currentWatermark() {
        return watermark;
    }

    /**
     * The deployments input's own watermark, or the operator's: the latter passes the former unless the
     * deployments input is idle, when it is the best knowledge there is.
     */
    @Override
    public boolean deploymentsKnownThrough(long eventTime) {
        return deploymentsWatermark >= eventTime || watermark >= eventTime;
    }

    @Override
    public void registerTimer(long timestamp) {
        timers.register(timestamp, currentKey, currentState);
    }

    @Override
    public void deleteTimer(long timestamp) {
        // A stale timer changes nothing (JoinLogic): it is left to fire.
    }

    @Override
    public DeploymentHistory deployments(String modelVersionKey) throws Exception {
        return registry.get(modelVersionKey);
    }

    @Override
    public void awaitDeployment(long deadline) {
        awaiting.add(currentKey);
    }

    @Override
    public void deploymentSettled() {
        awaiting.remove(currentKey);
    }

    @Override
    public void emit(Prediction p) {
        reuse.replace(p, currentTimestamp);
        output.collect(reuse);
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
        output.collect(tag, new StreamRecord<>(value, currentTimestamp));
    }
}
