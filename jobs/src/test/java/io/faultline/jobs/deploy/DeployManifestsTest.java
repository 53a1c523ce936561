package io.faultline.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureMode;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.FaultlineJob;
import io.faultline.jobs.cli.Cli;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.JobEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parses every file under {@code deploy/} (no cluster, no Docker) and checks the fields that must agree
 * with the code: entry class, jar path, subcommands and their flags, state and HA on S3, pinned S3
 * clients, the embedded job config, and the metric names of the Grafana dashboard.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path ROOT_POM = Path.of("..", "pom.xml");

    /**
     * Prometheus name of a counter in the job's {@code faultline} metric group: the Prometheus reporter
     * names a metric {@code flink_<logical scope joined by '_'>_<name>} (AbstractPrometheusReporter
     * #getScopedName), and the logical scope of an operator's user group is
     * {@code taskmanager.job.task.operator.<group>}.
     */
    private static final String FAULTLINE_METRIC_PREFIX = "flink_taskmanager_job_task_operator_faultline_";

    /** Flink's own job metrics the dashboard may use (JobManager job scope; docs: Metrics, Checkpointing). */
    private static final Set<String> FLINK_BUILT_IN_METRICS = Set.of(
            "flink_jobmanager_job_lastCheckpointDuration",
            "flink_jobmanager_job_numberOfFailedCheckpoints",
            "flink_jobmanager_job_numberOfCompletedCheckpoints");

    /** S3A providers that never walk the SDK's default chain (and so never probe instance metadata). */
    private static final Set<String> EXPLICIT_CREDENTIAL_PROVIDERS = Set.of(
            "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    private static final Set<String> ENV_CREDENTIAL_PROVIDERS = Set.of(
            "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every YAML document under deploy/, by file (relative to deploy/). */
    private static final Map<String, List<JsonNode>> YAML_DOCS = new LinkedHashMap<>();
    private static JsonNode dashboard;
    private static String dockerfile;

    @BeforeAll
    static void parseEverything() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = DEPLOY.relativize(file).toString().replace('\\', '/');
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    List<JsonNode> docs = new ArrayList<>();
                    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                        while (it.hasNext()) {
                            JsonNode doc = it.next();
                            if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                                docs.add(doc);
                            }
                        }
                    }
                    YAML_DOCS.put(name, docs);
                } else if (name.endsWith(".json")) {
                    JsonNode json = JSON.readTree(file.toFile());
                    if (name.equals("monitoring/grafana-dashboard.json")) {
                        dashboard = json;
                    }
                }
            }
        }
        dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
    }

    @Test
    void everyFileOfTheTableIsThereAndParses() {
        assertThat(YAML_DOCS).containsKeys(
                "faultline.yaml",
                "kubernetes/configmap-faultline.yaml",
                "kubernetes/flinkdeployment-stream.yaml",
                "kubernetes/flinkdeployment-session.yaml",
                "kubernetes/flinksessionjob-stream.yaml",
                "kubernetes/cronjob-backfill.yaml",
                "kubernetes/flinkstatesnapshot-savepoint.yaml",
                "monitoring/prometheus-reporter.yaml");
        YAML_DOCS.forEach((file, docs) -> assertThat(docs).as(file).isNotEmpty());
        assertThat(dashboard).as("monitoring/grafana-dashboard.json").isNotNull();
        YAML_DOCS.entrySet().stream().filter(e -> e.getKey().startsWith("kubernetes/"))
                .flatMap(e -> e.getValue().stream())
                .forEach(doc -> assertThat(doc.path("apiVersion").asText()).as(doc.path("kind").asText()).isNotBlank());
    }

    @Test
    void applicationDeploymentRunsTheEntryClassFromTheJarTheImageContains() {
        JsonNode job = resource("FlinkDeployment", "faultline-stream").path("spec").path("job");
        assertThat(job.path("entryClass").asText()).isEqualTo(FaultlineJob.class.getName());
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + dockerJarDestination());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("parallelism").asInt()).isPositive();

        JsonNode sessionJob = resource("FlinkSessionJob", "faultline-stream-session").path("spec");
        assertThat(sessionJob.path("job").path("entryClass").asText()).isEqualTo(FaultlineJob.class.getName());
        assertThat(sessionJob.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(sessionJob.path("job").path("jarURI").asText()).doesNotStartWith("local://").endsWith("-shaded.jar");
        assertThat(resource("FlinkDeployment", sessionJob.path("deploymentName").asText()).path("spec").has("job"))
                .as("the session cluster runs no job of its own").isFalse();
    }

    @Test
    void imageIsBuiltFromTheFlinkAndProjectVersionsOfThePom() throws IOException {
        String pom = Files.readString(ROOT_POM);
        String flinkVersion = xmlValue(pom, "flink.version");
        String projectVersion = xmlValue(pom, "version");
        String flinkImage = dockerArg("FLINK_IMAGE");
        assertThat(flinkImage).startsWith("flink:" + flinkVersion + "-").endsWith("-java17");
        assertThat(dockerArg("FAULTLINE_VERSION")).isEqualTo(projectVersion);
        assertThat(dockerfile).contains("/opt/flink/opt/flink-s3-fs-hadoop-").contains("/opt/flink/plugins/s3-fs-hadoop/");

        String[] mm = flinkVersion.split("\\.");
        for (JsonNode deployment : resources("FlinkDeployment")) {
            JsonNode spec = deployment.path("spec");
            assertThat(spec.path("flinkVersion").asText()).isEqualTo("v" + mm[0] + "_" + mm[1]);
            assertThat(spec.path("image").asText()).isEqualTo("faultline:0.1.0");
            for (JsonNode env : mainContainer(spec).path("env")) {
                if (env.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS")) {
                    assertThat(env.path("value").asText()).isEqualTo("flink-s3-fs-hadoop-" + flinkVersion + ".jar");
                }
            }
        }
    }

    @Test
    void everyCommandLineUsesOnlyFlagsItsSubcommandDeclares() {
        List<List<String>> commandLines = new ArrayList<>();
        for (JsonNode r : concat(resources("FlinkDeployment"), resources("FlinkSessionJob"))) {
            JsonNode args = r.path("spec").path("job").path("args");
            if (!args.isMissingNode()) {
                List<String> line = new ArrayList<>();
                args.forEach(a -> line.add(a.asText()));
                commandLines.add(line);
            }
        }
        String script = cronJobScript();
        List<String> tokens = shellTokens(script);
        int jar = tokens.indexOf("/opt/flink/usrlib/faultline-jobs-shaded.jar");
        assertThat(jar).as("the CronJob runs the image's jar").isPositive();
        assertThat(tokens.get(jar)).isEqualTo(dockerJarDestination());
        commandLines.add(tokens.subList(jar + 1, tokens.size()));
        assertThat(commandLines).hasSize(3);

        for (List<String> line : commandLines) {
            String command = line.get(0);
            Set<String> declared = Cli.flagsOf(command);
            List<String> used = line.stream().filter(t -> t.startsWith("--")).map(t -> t.substring(2).split("=", 2)[0]).toList();
            assertThat(declared).as("flags of '%s' in %s", command, line).containsAll(used);
            assertThat(line).as(line.toString()).containsSubsequence("--config", configMountPath() + "/faultline.yaml");
        }
        List<String> backfill = commandLines.get(commandLines.size() - 1);
        assertThat(backfill.get(0)).isEqualTo("backfill");
        assertThat(backfill).containsSubsequence("--from", "$D").containsSubsequence("--to", "$D");
        assertThat(script).contains("D=$(date -u -d yesterday +%F)");
        assertThat(backfill.get(backfill.indexOf("--predictions") + 1)).startsWith("s3://").contains("dt=$D");
    }

    @Test
    void cronJobSubmitsToTheSessionClustersRestService() {
        List<String> tokens = shellTokens(cronJobScript());
        String address = tokens.get(tokens.indexOf("-m") + 1);
        // The operator exposes a session cluster's REST API as the Service <name>-rest on port 8081.
        assertThat(address).endsWith("-rest:8081");
        JsonNode session = resource("FlinkDeployment", address.substring(0, address.length() - "-rest:8081".length()));
        assertThat(session.path("spec").has("job")).isFalse();
        assertThat(resource("FlinkSessionJob", "faultline-stream-session").path("spec").path("deploymentName").asText())
                .isEqualTo(session.path("metadata").path("name").asText());
    }

    @Test
    void stateCheckpointsSavepointsAndHaLiveOnS3() {
        for (JsonNode deployment : resources("FlinkDeployment")) {
            JsonNode conf = deployment.path("spec").path("flinkConfiguration");
            String name = deployment.path("metadata").path("name").asText();
            assertThat(text(conf, "state.backend.type")).as(name).isEqualTo("rocksdb");
            assertThat(text(conf, "execution.checkpointing.incremental")).as(name).isEqualTo("true");
            assertThat(text(conf, "execution.checkpointing.dir")).as(name).startsWith("s3://");
            assertThat(text(conf, "execution.checkpointing.savepoint-dir")).as(name).startsWith("s3://");
            assertThat(text(conf, "high-availability.type")).as(name).isEqualTo("kubernetes");
            assertThat(text(conf, "high-availability.storageDir")).as(name).startsWith("s3://");
            assertThat(conf.path("pipeline.generic-types").isTextual()).as(name + ": quoted \"false\"").isTrue();
            assertThat(text(conf, "pipeline.generic-types")).as(name).isEqualTo("false");
            assertThat(Integer.parseInt(text(conf, "pipeline.max-parallelism"))).as(name).isBetween(1, 32768);
            assertThat(text(conf, "restart-strategy.type")).as(name).isNotBlank();
            assertThat(text(conf, "taskmanager.numberOfTaskSlots")).as(name).isEqualTo("2");
        }
        JsonNode snapshot = resources("FlinkStateSnapshot").get(0).path("spec");
        assertThat(snapshot.path("savepoint").path("path").asText()).startsWith("s3://");
        assertThat(snapshot.path("jobReference").path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(resource("FlinkDeployment", snapshot.path("jobReference").path("name").asText())
                .path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
    }

    @Test
    void everyS3ClientIsPinnedToAnEndpointAndExplicitCredentials() throws IOException {
        Map<String, JsonNode> s3Configs = new LinkedHashMap<>();
        Map<String, JsonNode> podEnvs = new LinkedHashMap<>();
        for (JsonNode deployment : resources("FlinkDeployment")) {
            String name = "FlinkDeployment " + deployment.path("metadata").path("name").asText();
            s3Configs.put(name, deployment.path("spec").path("flinkConfiguration"));
            podEnvs.put(name, mainContainer(deployment.path("spec")).path("env"));
        }
        JsonNode cronContainer = cronJobContainer();
        s3Configs.put("CronJob faultline-backfill", YAML.readTree(envValue(cronContainer.path("env"), "FLINK_PROPERTIES")));
        podEnvs.put("CronJob faultline-backfill", cronContainer.path("env"));
        assertThat(cronJobScript()).contains("\"$FLINK_PROPERTIES\" >> \"$FLINK_HOME/conf/config.yaml\"");

        for (Map.Entry<String, JsonNode> e : s3Configs.entrySet()) {
            JsonNode conf = e.getValue();
            String where = e.getKey();
            String endpoint = conf.has("s3.endpoint") ? text(conf, "s3.endpoint") : text(conf, "fs.s3a.endpoint");
            assertThat(endpoint).as(where + " endpoint").matches("https?://.+");
            assertThat(text(conf, "s3.path.style.access")).as(where).isEqualTo("true");
            String provider = text(conf, "fs.s3a.aws.credentials.provider");
            assertThat(provider).as(where + " credentials provider").isIn(EXPLICIT_CREDENTIAL_PROVIDERS);
            JsonNode env = podEnvs.get(where);
            assertThat(envValue(env, "AWS_EC2_METADATA_DISABLED")).as(where).isEqualTo("true");
            if (ENV_CREDENTIAL_PROVIDERS.contains(provider)) {
                for (String var : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
                    JsonNode ref = envEntry(env, var).path("valueFrom").path("secretKeyRef");
                    assertThat(ref.path("name").asText()).as(where + " " + var + " from a Secret").isEqualTo("faultline-s3");
                    assertThat(ref.path("key").asText()).isEqualTo(var);
                }
            }
        }
    }

    @Test
    void configMapHoldsAValidJobConfigThatAgreesWithTheClusterConfig() throws Exception {
        JsonNode configMap = resource("ConfigMap", "faultline-config");
        FaultlineConfig config = FaultlineConfig.parse(configMap.path("data").path("faultline.yaml").asText(),
                "deploy/kubernetes/configmap-faultline.yaml");
        assertThat(config.outputUri()).startsWith("s3://");
        assertThat(config.checkpoints().dir()).startsWith("s3://");

        JsonNode stream = resource("FlinkDeployment", "faultline-stream").path("spec");
        assertThat(config.parallelism()).isIn(0, stream.path("job").path("parallelism").asInt());
        // The job applies these on top of the cluster's configuration: both must say the same thing.
        Map<String, String> jobSets = JobEnvironment.flinkConfiguration(config, RuntimeExecutionMode.STREAMING).toMap();
        JsonNode clusterSets = stream.path("flinkConfiguration");
        Set<String> shared = new TreeSet<>();
        for (Map.Entry<String, String> e : jobSets.entrySet()) {
            if (clusterSets.has(e.getKey())) {
                shared.add(e.getKey());
                String cluster = text(clusterSets, e.getKey());
                if (e.getKey().endsWith(".interval")) {
                    assertThat(TimeUtils.parseDuration(cluster)).as(e.getKey()).isEqualTo(TimeUtils.parseDuration(e.getValue()));
                } else {
                    assertThat(cluster).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
        assertThat(shared).contains("execution.checkpointing.dir", "state.backend.type",
                "execution.checkpointing.incremental", "pipeline.max-parallelism", "pipeline.generic-types");

        // Every workload that runs main() mounts this ConfigMap where --config points.
        for (JsonNode deployment : resources("FlinkDeployment")) {
            assertConfigMounted(mainContainer(deployment.path("spec")), deployment.path("spec").path("podTemplate").path("spec"));
        }
        JsonNode cronPod = resources("CronJob").get(0).path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        assertConfigMounted(cronJobContainer(), cronPod);
    }

    @Test
    void prometheusReporterUsesTheFactoryAndAFixedPort() {
        JsonNode conf = YAML_DOCS.get("monitoring/prometheus-reporter.yaml").get(0).path("spec").path("flinkConfiguration");
        assertThat(text(conf, "metrics.reporter.prom.factory.class"))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(Integer.parseInt(text(conf, "metrics.reporter.prom.port"))).isBetween(1024, 65535);
    }

    @Test
    void dashboardReferencesOnlyMetricsTheJobRegisters() throws IOException {
        Set<String> registered = registeredPrometheusNames();
        Set<String> referenced = new TreeSet<>();
        Matcher m = Pattern.compile("flink_[A-Za-z0-9_]+").matcher(JSON.writeValueAsString(dashboard));
        while (m.find()) {
            referenced.add(m.group());
        }
        assertThat(referenced).isNotEmpty();
        for (String name : referenced) {
            assertThat(registered.contains(name) || FLINK_BUILT_IN_METRICS.contains(name))
                    .as("%s is neither a Faultline counter nor a known Flink metric", name).isTrue();
        }
        // Every failure mode and every prediction outcome has a series, so a new one cannot be forgotten.
        for (FailureMode mode : FailureMode.values()) {
            assertThat(referenced).contains(prometheusName(Accounting.FAILURES_PREFIX + mode.name()));
        }
        for (String outcome : Accounting.OUTCOMES) {
            assertThat(referenced).contains(prometheusName(Accounting.name(SourceKind.PREDICTIONS.tableValue(), outcome)));
        }
        assertThat(referenced).contains("flink_jobmanager_job_lastCheckpointDuration",
                "flink_jobmanager_job_numberOfFailedCheckpoints");
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
        }
    }

    // --- what the code registers -------------------------------------------------------------------

    private static Set<String> registeredPrometheusNames() {
        Set<String> names = new LinkedHashSet<>();
        for (SourceKind source : SourceKind.values()) {
            names.add(prometheusName(Accounting.name(source.tableValue(), Accounting.READ)));
            for (String outcome : Accounting.OUTCOMES) {
                names.add(prometheusName(Accounting.name(source.tableValue(), outcome)));
            }
        }
        for (FailureMode mode : FailureMode.values()) {
            names.add(prometheusName(Accounting.FAILURES_PREFIX + mode.name()));
        }
        for (String n : List.of(Accounting.LINEAGE_UNREGISTERED, Accounting.LABELS_JOINED, Accounting.LABELS_ORPHANED,
                Accounting.CONTRACT_UNKNOWN_FIELDS)) {
            names.add(prometheusName(n));
        }
        return names;
    }

    /** Accounting.count registers {@code name} with '.' replaced by '_' in the group {@code faultline}. */
    private static String prometheusName(String accountingName) {
        return FAULTLINE_METRIC_PREFIX + accountingName.replace('.', '_');
    }

    // --- manifest helpers --------------------------------------------------------------------------

    private static List<JsonNode> resources(String kind) {
        List<JsonNode> found = new ArrayList<>();
        YAML_DOCS.forEach((file, docs) -> {
            if (file.startsWith("kubernetes/")) {
                docs.stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(found::add);
            }
        });
        assertThat(found).as("resources of kind " + kind).isNotEmpty();
        return found;
    }

    private static JsonNode resource(String kind, String name) {
        return resources(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named '" + name + "' under deploy/kubernetes"));
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonNode mainContainer(JsonNode flinkDeploymentSpec) {
        for (JsonNode c : flinkDeploymentSpec.path("podTemplate").path("spec").path("containers")) {
            // The operator merges the pod template into the container with this fixed name.
            if (c.path("name").asText().equals("flink-main-container")) {
                return c;
            }
        }
        throw new AssertionError("no flink-main-container in the pod template");
    }

    private static JsonNode cronJobContainer() {
        return resources("CronJob").get(0).path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                .path("containers").get(0);
    }

    private static String cronJobScript() {
        JsonNode c = cronJobContainer();
        List<String> command = new ArrayList<>();
        c.path("command").forEach(t -> command.add(t.asText()));
        c.path("args").forEach(t -> command.add(t.asText()));
        assertThat(command.subList(0, 2)).containsExactly("/bin/bash", "-ec");
        return command.get(2);
    }

    /** Whitespace tokens of a shell script, with line continuations joined and quotes removed. */
    private static List<String> shellTokens(String script) {
        String joined = script.replace("\\\n", " ");
        List<String> tokens = new ArrayList<>();
        for (String t : joined.trim().split("\\s+")) {
            tokens.add(t.replace("\"", "").replace("'", ""));
        }
        return tokens;
    }

    private static String configMountPath() {
        JsonNode stream = resource("FlinkDeployment", "faultline-stream").path("spec");
        for (JsonNode mount : mainContainer(stream).path("volumeMounts")) {
            if (mount.path("name").asText().equals("faultline-config")) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("faultline-config is not mounted");
    }

    private static void assertConfigMounted(JsonNode container, JsonNode podSpec) {
        Map<String, String> volumeToConfigMap = new HashMap<>();
        podSpec.path("volumes").forEach(v -> volumeToConfigMap.put(v.path("name").asText(),
                v.path("configMap").path("name").asText()));
        boolean mounted = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(configMountPath())
                    && "faultline-config".equals(volumeToConfigMap.get(mount.path("name").asText()))) {
                mounted = true;
            }
        }
        assertThat(mounted).as("ConfigMap faultline-config mounted at " + configMountPath()).isTrue();
    }

    private static JsonNode envEntry(JsonNode env, String name) {
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env var " + name);
    }

    private static String envValue(JsonNode env, String name) {
        return envEntry(env, name).path("value").asText();
    }

    private static String text(JsonNode conf, String key) {
        JsonNode v = conf.get(key);
        assertThat(v).as("key " + key).isNotNull();
        return v.asText();
    }

    private static String dockerJarDestination() {
        for (String line : dockerfile.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("COPY") && line.contains("-shaded.jar")) {
                return parts[parts.length - 1];
            }
        }
        throw new AssertionError("no COPY of the shaded jar in the Dockerfile");
    }

    private static String dockerArg(String name) {
        Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(dockerfile);
        assertThat(m.find()).as("ARG " + name).isTrue();
        return m.group(1);
    }

    /** The first {@code <tag>value</tag>} after the parent block (good enough for our root pom). */
    private static String xmlValue(String pom, String tag) {
        String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">([^<]+)</" + Pattern.quote(tag) + ">").matcher(afterParent);
        assertThat(m.find()).as("<" + tag + "> in pom.xml").isTrue();
        return m.group(1).trim();
    }
}
