package io.faultline.jobs.runtime;

import io.faultline.common.model.FailureRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The snapshot of a {@link FailureRecordSerializer} (see {@link CompactRecordSerializerSnapshot}). A snapshot of
 * Flink's {@code PojoSerializer} (rows held before this serializer existed) is incompatible: such a savepoint does
 * not restore.
 */
public final class FailureRecordSerializerSnapshot extends CompactRecordSerializerSnapshot<FailureRecord> {
    /** Version history: 1 = the first format (see {@link FailureRecordSerializer}). */
    public static final int CURRENT_VERSION = 1;

    /** For Flink, which instantiates the snapshot class reflectively before {@link #readSnapshot}. */
    public FailureRecordSerializerSnapshot() {
        this(CURRENT_VERSION);
    }

    FailureRecordSerializerSnapshot(int formatVersion) {
        super("FailureRecordSerializer", CURRENT_VERSION, formatVersion);
    }

    @Override
    protected TypeSerializer<FailureRecord> serializerFor(int version) {
        return new FailureRecordSerializer(version);
    }
}
