package io.faultline.jobs.functions;

import io.faultline.jobs.runtime.CompactRecordTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link KeyedEvent}: an atomic (non-key) type serialized by {@link KeyedEventSerializer}. */
public final class KeyedEventTypeInfo extends CompactRecordTypeInfo<KeyedEvent> {
    private static final long serialVersionUID = 1L;

    public KeyedEventTypeInfo() {
        super(KeyedEvent.class);
    }

    @Override
    protected TypeSerializer<KeyedEvent> serializer() {
        return new KeyedEventSerializer();
    }
}
