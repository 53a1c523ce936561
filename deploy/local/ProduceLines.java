import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code deploy/local/kafka produce}: writes each line of a file as one record value (no key) to a topic,
 * creating the topic first if it does not exist. Line i goes to partition i modulo the partition count, so
 * each partition keeps its lines in file order. Run from source by {@code java} with the broker's jars on
 * the class path: {@code ProduceLines.java BOOTSTRAP TOPIC PARTITIONS FILE}.
 */
public final class ProduceLines {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ProduceLines.java BOOTSTRAP TOPIC PARTITIONS FILE");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        List<String> lines = Files.readAllLines(Path.of(args[3]));

        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            System.err.println("created topic " + topic + " with " + partitions + " partition(s)");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }

        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            int n = producer.partitionsFor(topic).size();
            List<Future<RecordMetadata>> sends = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i % n, null, lines.get(i))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(); // throws if a record was not acknowledged
            }
        }
        System.out.println(lines.size() + " records to " + topic);
    }
}
