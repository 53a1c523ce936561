package io.faultline.jobs.runtime;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a {@link CompactRecordSerializer}: its version is the serializer's data format version (Flink
 * writes it in front of the snapshot, and that is all there is to the configuration). A snapshot read from an
 * older version restores a serializer that reads that format, and asks Flink to migrate (read old, write current).
 * A snapshot of another class (e.g. Flink's {@code PojoSerializer}'s) is incompatible.
 *
 * <p>Subclasses have a public no-argument constructor, for Flink, which instantiates them reflectively before
 * {@link #readSnapshot}.
 */
public abstract class CompactRecordSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    private final String serializerName;
    private final int currentVersion;
    private int formatVersion;

    protected CompactRecordSerializerSnapshot(String serializerName, int currentVersion, int formatVersion) {
        this.serializerName = serializerName;
        this.currentVersion = currentVersion;
        this.formatVersion = formatVersion;
    }

    /** The serializer that reads {@code version}. */
    protected abstract TypeSerializer<T> serializerFor(int version);

    @Override
    public final int getCurrentVersion() {
        return formatVersion;
    }

    @Override
    public final void writeSnapshot(DataOutputView out) {
        // The version Flink writes in front is all there is to the configuration.
    }

    @Override
    public final void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion < 1 || readVersion > currentVersion) {
            throw new IOException("Unknown " + serializerName + " snapshot version " + readVersion
                    + " (this build knows 1.." + currentVersion + ")");
        }
        formatVersion = readVersion;
    }

    @Override
    public final TypeSerializer<T> restoreSerializer() {
        return serializerFor(formatVersion);
    }

    /** Called on the new serializer's snapshot with the one restored from a checkpoint or savepoint. */
    @Override
    public final TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot == null || oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int oldVersion = ((CompactRecordSerializerSnapshot<T>) oldSnapshot).formatVersion;
        if (oldVersion == formatVersion) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return oldVersion < formatVersion
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
