package io.faultline.common.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The {@code kafka} section: where the three input topics live and how to consume them. */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String groupId;
    private final String startingOffsets;
    private final String predictionsTopic;
    private final String labelsTopic;
    private final String deploymentsTopic;
    private final Map<String, String> properties;

    KafkaSettings(String bootstrapServers, String groupId, String startingOffsets, String predictionsTopic,
            String labelsTopic, String deploymentsTopic, Map<String, String> properties) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.startingOffsets = startingOffsets;
        this.predictionsTopic = predictionsTopic;
        this.labelsTopic = labelsTopic;
        this.deploymentsTopic = deploymentsTopic;
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Comma-separated {@code host:port} list. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String groupId() {
        return groupId;
    }

    /** {@code earliest}, {@code latest} or {@code committed} (committed offsets, else earliest). */
    public String startingOffsets() {
        return startingOffsets;
    }

    public String predictionsTopic() {
        return predictionsTopic;
    }

    public String labelsTopic() {
        return labelsTopic;
    }

    public String deploymentsTopic() {
        return deploymentsTopic;
    }

    /** Extra Kafka client properties, sorted by name; unmodifiable. Values may be secrets: do not log them. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof KafkaSettings)) return false;
        KafkaSettings k = (KafkaSettings) o;
        return bootstrapServers.equals(k.bootstrapServers)
                && groupId.equals(k.groupId)
                && startingOffsets.equals(k.startingOffsets)
                && predictionsTopic.equals(k.predictionsTopic)
                && labelsTopic.equals(k.labelsTopic)
                && deploymentsTopic.equals(k.deploymentsTopic)
                && properties.equals(k.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapServers, groupId, startingOffsets, predictionsTopic, labelsTopic,
                deploymentsTopic, properties);
    }

    /** Property values are masked: they often carry credentials (e.g. {@code sasl.jaas.config}). */
    @Override
    public String toString() {
        return "KafkaSettings{bootstrap-servers=" + bootstrapServers + ", group-id=" + groupId
                + ", starting-offsets=" + startingOffsets + ", topics=[" + predictionsTopic + ", " + labelsTopic
                + ", " + deploymentsTopic + "], properties=" + properties.keySet() + " (values masked)}";
    }
}
