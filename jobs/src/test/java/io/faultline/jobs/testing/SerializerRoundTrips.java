package io.faultline.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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
}
