package io.faultline.jobs.runtime;

import io.faultline.common.model.FailureRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a {@link FailureRecordSerializer}: its version is the serializer's data format version (Flink
 * writes it in front of the snapshot). A snapshot read from an older version restores a serializer that reads
 * that format, and asks Flink to migrate (read old, write current). A snapshot of Flink's {@code PojoSerializer}
 * (rows held before this serializer existed) is incompatible: such a savepoint does not restore.
 */
public final class FailureRecordSerializerSnapshot implements TypeSerializerSnapshot<FailureRecord> {
    /** Version history: 1 = the first format (see {@link FailureRecordSerializer}). */
    public static final int CURRENT_VERSION = 1;

    private int formatVersion;

    /** For Flink, which instantiates the snapshot class reflectively before {@link #readSnapshot}. */
    public FailureRecordSerializerSnapshot() {
        this(CURRENT_VERSION);
    }

    FailureRecordSerializerSnapshot(int formatVersion) {
        this.formatVersion = formatVersion;
    }

    @Override
    public int getCurrentVersion() {
        return formatVersion;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {
        // The version Flink writes in front is all there is to the configuration.
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion < 1 || readVersion > CURRENT_VERSION) {
            throw new IOException("Unknown FailureRecordSerializer snapshot version " + readVersion
                    + " (this build knows 1.." + CURRENT_VERSION + ")");
        }
        formatVersion = readVersion;
    }

    @Override
    public TypeSerializer<FailureRecord> restoreSerializer() {
        return new FailureRecordSerializer(formatVersion);
    }

    /** Called on the new serializer's snapshot with the one restored from a checkpoint or savepoint. */
    @Override
    public TypeSerializerSchemaCompatibility<FailureRecord> resolveSchemaCompatibility(
            TypeSerializerSnapshot<FailureRecord> oldSnapshot) {
        if (!(oldSnapshot instanceof FailureRecordSerializerSnapshot)) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int oldVersion = ((FailureRecordSerializerSnapshot) oldSnapshot).formatVersion;
        if (oldVersion == formatVersion) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return oldVersion < formatVersion
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
