package io.faultline.jobs.functions;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extraction to use {@link KeyedEventTypeInfo} wherever {@link KeyedEvent} appears. */
public final class KeyedEventTypeInfoFactory extends TypeInfoFactory<KeyedEvent> {
    @Override
    public TypeInformation<KeyedEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new KeyedEventTypeInfo();
    }
}
