package io.faultline.jobs.functions;

import io.faultline.jobs.runtime.CompactRecordSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The snapshot of a {@link KeyedEventSerializer} (see {@link CompactRecordSerializerSnapshot}). */
public final class KeyedEventSerializerSnapshot extends CompactRecordSerializerSnapshot<KeyedEvent> {
    /** Version history: 1 = the first format (see {@link KeyedEventSerializer}). */
    public static final int CURRENT_VERSION = 1;

    /** For Flink, which instantiates the snapshot class reflectively before {@link #readSnapshot}. */
    public KeyedEventSerializerSnapshot() {
        this(CURRENT_VERSION);
    }

    KeyedEventSerializerSnapshot(int formatVersion) {
        super("KeyedEventSerializer", CURRENT_VERSION, formatVersion);
    }

    @Override
    protected TypeSerializer<KeyedEvent> serializerFor(int version) {
        return new KeyedEventSerializer(version);
    }
}
