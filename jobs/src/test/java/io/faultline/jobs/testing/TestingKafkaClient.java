package io.faultline.jobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What tests do with a Kafka broker, whichever fixture runs it ({@link TestingKafkaCluster} in this JVM,
 * {@link TestingKafkaBroker} in its own): create topics, produce lines, read a topic back, wait for a consumer
 * group's commits. Every client made here is pinned to the broker's 127.0.0.1 address. The admin client
 * reconnects by itself, so one instance outlives a broker restart on the same address.
 */
public final class TestingKafkaClient implements AutoCloseable {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Admin admin;

    /** Connects an admin client and waits (at most 30 s) until the broker answers. */
    TestingKafkaClient(String bootstrapServers) throws Exception {
        this.bootstrapServers = bootstrapServers;
        Properties adminProps = clientProperties("faultline-testing-admin");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        admin = Admin.create(adminProps);
        try {
            admin.describeCluster().nodes().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates a topic with replication factor 1 and returns once every partition has a leader.
     */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                .all().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                    if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Topic " + name + " has no leader for every partition after "
                        + CLIENT_TIMEOUT);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        }
    }

    /**
     * Waits until consumer group {@code group} has committed, for every partition of {@code topics}, the end
     * offset (a Flink Kafka source commits on each completed checkpoint, so this means every record is in a
     * checkpoint). Polls every 200 ms; fails after {@code timeout}.
     */
    public void awaitCommitted(String group, Duration timeout, String... topics) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            if (caughtUp) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("group " + group + " committed " + committed
                        + " but the end offsets are " + ends);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Creates the three input topics (predictions with {@code predictionPartitions} partitions, labels and
     * deployments with one) and produces the JSON-lines files a {@code DemoTraffic} wrote to {@code dir}.
     */
    public void produceTraffic(Path dir, int predictionPartitions) throws Exception {
        createTopic("predictions", predictionPartitions);
        createTopic("labels", 1);
        createTopic("deployments", 1);
        produceLines("deployments", Files.readAllLines(dir.resolve("deployments.jsonl")));
        produceLines("predictions", Files.readAllLines(dir.resolve("predictions.jsonl")));
        produceLines("labels", Files.readAllLines(dir.resolve("labels.jsonl")));
    }

    /**
     * Writes {@code values} (no keys) with an idempotent {@code acks=all} producer and returns once every
     * record is acknowledged. Value {@code i} goes to partition {@code i % partitions}, so each partition
     * holds its values in list order.
     */
    public void produceLines(String topic, List<String> values) {
        Properties props = clientProperties("faultline-testing-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, CLIENT_TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        try (KafkaProducer<String, String> producer =
                 new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            List<Future<RecordMetadata>> sends = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing to " + topic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Producing to " + topic + " failed", e);
        }
    }

    /**
     * Reads a topic from the earliest offset up to the end offsets taken when the call starts
     * ({@code read_committed}: records of open or aborted transactions are left out). Returns the values of
     * partition 0 in offset order, then those of partition 1, and so on. Throws {@link TimeoutException} if the
     * end is not reached within {@code timeout}.
     */
    public List<String> consumeAll(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = clientProperties("faultline-testing-consumer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                throw new UnknownTopicOrPartitionException("No partitions for topic " + topic);
            }
            List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            Map<TopicPartition, List<String>> values = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            partitions.forEach(p -> values.put(p, new ArrayList<>()));
            while (!reachedEnd(consumer, partitions, end, deadline)) {
                if (System.nanoTime() > deadline) {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    partitions.forEach(p -> positions.put(p, consumer.position(p)));
                    throw new TimeoutException("Reading " + topic + " did not reach end offsets " + end
                        + " within " + timeout + "; positions " + positions);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        values.get(tp).add(record.value());
                    }
                }
            }
            List<String> all = new ArrayList<>();
            values.values().forEach(all::addAll);
            return all;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end, long deadline) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p, remaining(deadline)) < end.get(p)) {
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Client properties pinned to the broker's 127.0.0.1 listener. */
    private Properties clientProperties(String clientId) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
