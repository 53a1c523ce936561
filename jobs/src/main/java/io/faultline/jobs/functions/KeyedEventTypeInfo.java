package io.faultline.jobs.functions;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link KeyedEvent}: an atomic (non-key) type serialized by {@link KeyedEventSerializer}. */
public final class KeyedEventTypeInfo extends TypeInformation<KeyedEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<KeyedEvent> getTypeClass() {
        return KeyedEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyedEvent> createSerializer(SerializerConfig config) {
        return new KeyedEventSerializer();
    }

    @Override
    public String toString() {
        return "KeyedEventTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeyedEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return KeyedEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof KeyedEventTypeInfo;
    }
}
