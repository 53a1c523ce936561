package io.faultline.jobs.io;

import io.faultline.common.config.KafkaSettings;
import io.faultline.common.model.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka sources for the three inputs. Offsets live in Flink checkpoints (exactly-once input); records
 * are handed on raw, with their {@code topic/partition/offset}, so the contract can dead-letter them
 * with a precise position.
 */
public final class KafkaInputs {
    private KafkaInputs() {}

    /**
     * @param bounded stop at the offsets that are latest when the job starts (a catch-up or drain run,
     *     and what tests use); otherwise read forever
     */
    public static KafkaSource<RawRecord> source(KafkaSettings kafka, String topic, String sourceName, boolean bounded) {
        Properties props = new Properties();
        props.putAll(kafka.properties());
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(kafka.groupId())
                .setProperties(props)
                .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
                .setDeserializer(new RawRecordDeserializer(sourceName));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    static OffsetsInitializer startingOffsets(String startingOffsets) {
        return switch (startingOffsets) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new IllegalArgumentException("kafka.starting-offsets: \"" + startingOffsets
                    + "\" is not allowed; allowed: earliest, latest, committed");
        };
    }

    /** Wraps each Kafka record value as a {@link RawRecord}; a null value (tombstone) becomes an empty payload. */
    static final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        private final String sourceName;

        RawRecordDeserializer(String sourceName) {
            this.sourceName = sourceName;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
            String payload = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            String position = record.topic() + "/" + record.partition() + "/" + record.offset();
            out.collect(new RawRecord(sourceName, position, System.currentTimeMillis(), payload));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
