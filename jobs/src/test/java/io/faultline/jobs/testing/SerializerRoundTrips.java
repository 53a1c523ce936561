package io.faultline.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Round trips the tests of Faultline's hand-written serializers share. */
public final class SerializerRoundTrips {
    private SerializerRoundTrips() {}

    /** The snapshot as Flink writes it into a checkpoint (version in front) and reads it back. */
    public static <T> TypeSerializerSnapshot<T> writeAndReadSnapshot(TypeSerializerSnapshot<T> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                SerializerRoundTrips.class.getClassLoader());
    }

    /**
     * Serializes {@code record} twice in a row and reads both back (the second into {@code reuse}): the reader must
     * stop exactly at a record's end, and both copies equal the record (the models' equals compare every field, NaN
     * equal to NaN as {@code Arrays.equals} does) without being it. Returns the first copy.
     */
    public static <T> T assertRoundTrip(TypeSerializer<T> serializer, T record, T reuse) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);
        serializer.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T first = serializer.deserialize(in);
        T second = serializer.deserialize(reuse, in);
        assertThat(in.available()).isZero();
        assertThat(first).isEqualTo(record).isEqualTo(second).isNotSameAs(record);
        return first;
    }

    /** {@code copy(DataInputView, DataOutputView)} of the serialized {@code records} gives the very same bytes. */
    public static <T> void assertCopiesSerializedBytes(TypeSerializer<T> serializer, List<T> records) throws IOException {
        DataOutputSerializer original = new DataOutputSerializer(256);
        for (T r : records) serializer.serialize(r, original);
        DataInputDeserializer in = new DataInputDeserializer(original.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(256);
        for (int i = 0; i < records.size(); i++) serializer.copy(in, copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
    }

    /**
     * The serializer's snapshot, written and read back, is of {@code snapshotClass}, is compatible as is with the
     * serializer's own, and restores an equal serializer.
     */
    public static <T> void assertSnapshotCompatibleAsIsWithItself(TypeSerializer<T> serializer, Class<?> snapshotClass)
            throws IOException {
        TypeSerializerSnapshot<T> restored = writeAndReadSnapshot(serializer.snapshotConfiguration());
        assertThat(restored).isInstanceOf(snapshotClass);
        TypeSerializerSchemaCompatibility<T> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    }
}
