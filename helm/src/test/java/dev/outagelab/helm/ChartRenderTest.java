package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static dev.outagelab.helm.Chart.NAMESPACE;
import static dev.outagelab.helm.Manifests.containerPort;
import static dev.outagelab.helm.Manifests.env;
import static dev.outagelab.helm.Manifests.labels;
import static dev.outagelab.helm.Manifests.name;
import static dev.outagelab.helm.Manifests.onlyContainer;
import static dev.outagelab.helm.Manifests.podLabels;
import static dev.outagelab.helm.Manifests.podTemplate;
import static dev.outagelab.helm.Manifests.selects;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What `helm template` renders, checked object by object. */
class ChartRenderTest {

    private static final Path DEFAULTS = Chart.ciValues("default-values.yaml");
    private static final Path SINGLE_SITE = Chart.ciValues("single-site-values.yaml");
    private static final Set<String> SITES = Set.of("east", "west", "cloud");
    private static final Pattern TARGET_KEY = Pattern.compile("status\\.targets\\[(\\d+)]\\.(name|component|region|health-url)");

    static List<Path> ciValuesFiles() {
        return Chart.ciValuesFiles();
    }

    @Test
    void defaultValuesRunTheThirteenInstancesOfTheLocalLab() {
        Manifests manifests = Chart.render(DEFAULTS);

        assertEquals(Map.of(
                FULLNAME + "-db-node-east", 2,
                FULLNAME + "-db-node-west", 1,
                FULLNAME + "-orchestrator-east", 1,
                FULLNAME + "-orchestrator-west", 1,
                FULLNAME + "-orchestrator-cloud", 1,
                FULLNAME + "-dns-resolver-east", 2,
                FULLNAME + "-dns-resolver-west", 1,
                FULLNAME + "-dns-resolver-cloud", 1), manifests.replicas("StatefulSet"));
        assertEquals(Map.of(
                FULLNAME + "-cdn-edge-icn", 1,
                FULLNAME + "-cdn-edge-itm", 1,
                FULLNAME + "-status-page", 1), manifests.replicas("Deployment"));
        assertEquals(13, manifests.workloads().stream().mapToInt(workload -> workload.path("spec").path("replicas").asInt()).sum());
        assertEquals(List.of(
                FULLNAME + "-db-node-east-0", FULLNAME + "-db-node-east-1", FULLNAME + "-db-node-west-0",
                FULLNAME + "-dns-resolver-east-0", FULLNAME + "-dns-resolver-east-1", FULLNAME + "-dns-resolver-west-0",
                FULLNAME + "-dns-resolver-cloud-0",
                FULLNAME + "-orchestrator-east-0", FULLNAME + "-orchestrator-west-0", FULLNAME + "-orchestrator-cloud-0"),
                manifests.statefulPodNames());
    }

    @Test
    void dbNodesAreThreeStatefulPodsWithAClaimForData() {
        List<JsonNode> dbNodes = Chart.render(DEFAULTS).ofKind("StatefulSet").stream()
                .filter(set -> "db-node".equals(podLabels(set).get("app.kubernetes.io/component")))
                .toList();

        assertEquals(3, dbNodes.stream().mapToInt(set -> set.path("spec").path("replicas").asInt()).sum());
        for (JsonNode set : dbNodes) {
            JsonNode claim = set.path("spec").path("volumeClaimTemplates").get(0);
            assertEquals("data", claim.path("metadata").path("name").asText(), name(set));
            assertEquals("1Gi", claim.path("spec").path("resources").path("requests").path("storage").asText(), name(set));
            assertTrue(mounts(onlyContainer(podTemplate(set).path("spec"))).contains("data:/data"), name(set));
        }
    }

    @Test
    void resolversJournalZoneUpdatesOnAClaim() {
        // Without it, a restart of every resolver at once would lose the orchestrator's move of primary.db.
        Manifests manifests = Chart.render(DEFAULTS);
        List<JsonNode> resolvers = manifests.ofKind("StatefulSet").stream()
                .filter(set -> "dns-resolver".equals(podLabels(set).get("app.kubernetes.io/component")))
                .toList();

        assertEquals(3, resolvers.size());
        for (JsonNode set : resolvers) {
            JsonNode claim = set.path("spec").path("volumeClaimTemplates").get(0);
            assertEquals("data", claim.path("metadata").path("name").asText(), name(set));
            assertEquals("64Mi", claim.path("spec").path("resources").path("requests").path("storage").asText(),
                    name(set));
            assertTrue(mounts(onlyContainer(podTemplate(set).path("spec"))).contains("data:/data"), name(set));
        }
        String properties = manifests.get("ConfigMap", FULLNAME + "-dns-resolver").path("data")
                .path("application.properties").asText();
        assertTrue(properties.contains("dns.data-dir=/data\n"), properties);
    }

    @Test
    void disabledPersistenceMountsAnEmptyDirForData() {
        Manifests manifests = Chart.render(DEFAULTS, Map.of("dbNode.persistence.enabled", false));

        JsonNode set = manifests.get("StatefulSet", FULLNAME + "-db-node-east");
        assertTrue(set.path("spec").path("volumeClaimTemplates").isMissingNode(), "claim rendered although persistence is off");
        assertTrue(volume(podTemplate(set).path("spec"), "data").has("emptyDir"));
        assertTrue(mounts(onlyContainer(podTemplate(set).path("spec"))).contains("data:/data"));
    }

    @Test
    void statusPageKeepsItsHistoryOnAClaimAndIsReplacedWithRecreate() {
        Manifests manifests = Chart.render(DEFAULTS);
        JsonNode deployment = manifests.get("Deployment", FULLNAME + "-status-page");
        JsonNode pod = podTemplate(deployment).path("spec");

        JsonNode claim = manifests.get("PersistentVolumeClaim", FULLNAME + "-status-page-data");
        assertEquals("[\"ReadWriteOnce\"]", claim.path("spec").path("accessModes").toString());
        assertEquals("256Mi", claim.path("spec").path("resources").path("requests").path("storage").asText());
        assertEquals(name(claim), volume(pod, "data").path("persistentVolumeClaim").path("claimName").asText());
        assertTrue(mounts(onlyContainer(pod)).contains("data:/data"));
        // A rolling update would start the new pod while the old one still holds the volume and the H2 lock.
        assertEquals("Recreate", deployment.path("spec").path("strategy").path("type").asText());
        assertEquals(1, deployment.path("spec").path("replicas").asInt());
    }

    @Test
    void statusPageWithoutPersistenceUsesAnEmptyDirAndNoClaim() {
        Manifests manifests = Chart.render(DEFAULTS, Map.of("statusPage.persistence.enabled", false));
        JsonNode deployment = manifests.get("Deployment", FULLNAME + "-status-page");

        assertTrue(manifests.ofKind("PersistentVolumeClaim").isEmpty(), manifests.names().toString());
        assertTrue(volume(podTemplate(deployment).path("spec"), "data").has("emptyDir"));
        assertEquals("RollingUpdate", deployment.path("spec").path("strategy").path("type").asText());
    }

    @Test
    void twoStatusPagesOnOneHistoryVolumeFailTheRenderNamingTheKey() {
        Exception failure = assertThrows(Exception.class, () -> Chart.render(DEFAULTS, Map.of("statusPage.replicas", 2)));
        assertTrue(String.valueOf(failure.getMessage()).contains("statusPage.replicas"), failure.toString());
        // Without the volume, two pages are fine.
        Manifests two = Chart.render(DEFAULTS, Map.of("statusPage.replicas", 2, "statusPage.persistence.enabled", false));
        assertEquals(2, two.get("Deployment", FULLNAME + "-status-page").path("spec").path("replicas").asInt());
    }

    @Test
    void orchestratorsDiscoverDbNodesFromTheSrvRecordsOfTheHeadlessService() {
        Manifests manifests = Chart.render(DEFAULTS);
        Properties settings = properties(manifests.get("ConfigMap", FULLNAME + "-orchestrator").path("data").path("application.properties").asText());
        String headless = FULLNAME + "-db-node-headless";

        assertEquals("_management._tcp." + headless + ".outage-lab.svc.cluster.local.", settings.getProperty("orchestrator.discovery.srv-name"));
        // Kubernetes publishes an SRV record per pod only for a named port, and keeps a dead primary's while it
        // is not ready only with publishNotReadyAddresses.
        JsonNode service = manifests.get("Service", headless);
        assertTrue(service.path("spec").path("publishNotReadyAddresses").asBoolean());
        boolean named = false;
        for (JsonNode port : service.path("spec").path("ports")) {
            named |= port.path("name").asText().equals("management") && port.path("port").asInt() == 9000;
        }
        assertTrue(named, service.toString());
        // A discovered pod, less the prefix, is the instance name the configured db-nodes use.
        String prefix = settings.getProperty("orchestrator.discovery.pod-name-prefix");
        for (String pod : manifests.statefulPodNames()) {
            if (pod.startsWith(FULLNAME + "-db-node-")) {
                String instance = pod.substring(prefix.length());
                assertTrue(settings.containsKey("orchestrator.db-nodes." + instance + ".admin-url"), instance);
            }
        }

        Properties off = properties(Chart.render(DEFAULTS, Map.of("orchestrator.discovery.enabled", false))
                .get("ConfigMap", FULLNAME + "-orchestrator").path("data").path("application.properties").asText());
        assertTrue(off.stringPropertyNames().stream().noneMatch(key -> key.startsWith("orchestrator.discovery.")), off.toString());
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @Test
    void singleSiteValuesPutEveryPodInEast() {
        Manifests manifests = Chart.render(SINGLE_SITE);

        assertAll(manifests.workloads().stream().map(workload -> (Executable) () ->
                assertEquals("east", podLabels(workload).get("region"), name(workload))));
        assertEquals(13, manifests.workloads().stream().mapToInt(workload -> workload.path("spec").path("replicas").asInt()).sum());
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyPodCarriesItsRegionAndTheAppLabels(Path valuesFile) {
        eachWorkload(valuesFile, workload -> {
            Map<String, String> labels = podLabels(workload);
            JsonNode container = onlyContainer(podTemplate(workload).path("spec"));
            assertEquals("outage-lab", labels.get("app.kubernetes.io/name"), name(workload));
            assertEquals(Chart.RELEASE, labels.get("app.kubernetes.io/instance"), name(workload));
            assertEquals(container.path("name").asText(), labels.get("app.kubernetes.io/component"), name(workload));
            assertTrue(SITES.contains(labels.get("region")), name(workload) + " region " + labels.get("region"));
            assertEquals(labels.get("region"), env(container, "LAB_INSTANCE_REGION").orElseThrow().path("value").asText(), name(workload));
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyContainerProbesItsHealthOnManagementPort9000(Path valuesFile) {
        Map<String, String> expectedPaths = Map.of(
                "startupProbe", "/q/health/started",
                "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        eachWorkload(valuesFile, workload -> {
            JsonNode container = onlyContainer(podTemplate(workload).path("spec"));
            assertEquals(8080, containerPort(container, Chart.YAML.getNodeFactory().textNode("http")).orElseThrow().path("containerPort").asInt());
            expectedPaths.forEach((probe, path) -> {
                JsonNode httpGet = container.path(probe).path("httpGet");
                assertEquals(path, httpGet.path("path").asText(), name(workload) + " " + probe);
                JsonNode port = containerPort(container, httpGet.path("port")).orElseThrow(() -> new AssertionError(name(workload) + " " + probe + " port"));
                assertEquals(9000, port.path("containerPort").asInt(), name(workload) + " " + probe);
            });
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyPodRunsUnderTheRestrictedPodSecurityStandard(Path valuesFile) {
        eachWorkload(valuesFile, workload -> {
            JsonNode pod = podTemplate(workload).path("spec");
            JsonNode container = onlyContainer(pod);
            JsonNode podContext = pod.path("securityContext");
            JsonNode context = container.path("securityContext");
            assertTrue(podContext.path("runAsNonRoot").asBoolean(), name(workload));
            assertEquals(185, podContext.path("runAsUser").asInt(), name(workload));
            assertEquals("RuntimeDefault", podContext.path("seccompProfile").path("type").asText(), name(workload));
            assertFalse(context.path("allowPrivilegeEscalation").asBoolean(true), name(workload));
            assertTrue(context.path("readOnlyRootFilesystem").asBoolean(), name(workload));
            assertEquals("[\"ALL\"]", context.path("capabilities").path("drop").toString(), name(workload));
            assertFalse(context.path("capabilities").has("add"), name(workload));
            // A read-only root needs somewhere writable for Quarkus' temporary files.
            assertTrue(volume(pod, "tmp").has("emptyDir"), name(workload));
            assertTrue(mounts(container).contains("tmp:/tmp"), name(workload));
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyContainerHasRequestsAndLimits(Path valuesFile) {
        eachWorkload(valuesFile, workload -> {
            JsonNode resources = onlyContainer(podTemplate(workload).path("spec")).path("resources");
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(resources.path(bound).path(resource).asText().isEmpty(), name(workload) + " " + bound + "." + resource);
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyContainerTakesItsNameFromThePodAndItsTokenFromTheAdminSecret(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        JsonNode secret = manifests.get("Secret", FULLNAME + "-admin");
        eachWorkload(valuesFile, workload -> {
            JsonNode container = onlyContainer(podTemplate(workload).path("spec"));
            assertEquals("metadata.name", env(container, "LAB_INSTANCE_NAME").orElseThrow()
                    .path("valueFrom").path("fieldRef").path("fieldPath").asText(), name(workload));
            JsonNode tokenRef = env(container, "LAB_ADMIN_TOKEN").orElseThrow().path("valueFrom").path("secretKeyRef");
            assertEquals(name(secret), tokenRef.path("name").asText(), name(workload));
            assertTrue(secret.path("data").has(tokenRef.path("key").asText()), name(workload) + " reads a key the Secret lacks");
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void onlyResolversAndOrchestratorsGetTheTsigKey(Path valuesFile) {
        JsonNode secret = Chart.render(valuesFile).get("Secret", FULLNAME + "-admin");
        eachWorkload(valuesFile, workload -> {
            JsonNode container = onlyContainer(podTemplate(workload).path("spec"));
            String component = container.path("name").asText();
            boolean needsKey = component.equals("dns-resolver") || component.equals("orchestrator");
            // Each under the name its own config mapping reads: dns.tsig.secret, orchestrator.dns.tsig-secret.
            Optional<JsonNode> tsig = env(container, component.equals("orchestrator") ? "ORCHESTRATOR_DNS_TSIG_SECRET" : "DNS_TSIG_SECRET");
            assertTrue(env(container, "DNS_TSIG_SECRET").isEmpty() || component.equals("dns-resolver"), name(workload));
            assertEquals(needsKey, tsig.isPresent(), name(workload));
            tsig.ifPresent(ref -> assertTrue(secret.path("data")
                    .has(ref.path("valueFrom").path("secretKeyRef").path("key").asText()), name(workload)));
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyServiceSelectsPodsThatServeItsPorts(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        assertAll(manifests.ofKind("Service").stream().map(service -> (Executable) () -> {
            Map<String, String> selector = labels(service.path("spec").path("selector"));
            List<JsonNode> selected = manifests.workloads().stream().filter(workload -> selects(selector, podLabels(workload))).toList();
            assertFalse(selected.isEmpty(), name(service) + " selects no pods: " + selector);
            for (JsonNode workload : selected) {
                JsonNode container = onlyContainer(podTemplate(workload).path("spec"));
                for (JsonNode port : service.path("spec").path("ports")) {
                    JsonNode target = containerPort(container, port.path("targetPort"))
                            .orElseThrow(() -> new AssertionError(name(service) + " port " + port + " has no container port in " + name(workload)));
                    assertEquals(port.path("protocol").asText("TCP"), target.path("protocol").asText("TCP"), name(service) + " " + port);
                }
            }
        }));
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void noWorkloadSelectsAnotherWorkloadsPods(Path valuesFile) {
        // Two POPs in one site are told apart only by their pop label; without it they would share pods.
        List<JsonNode> workloads = Chart.render(valuesFile).workloads();
        for (JsonNode owner : workloads) {
            Map<String, String> selector = labels(owner.path("spec").path("selector").path("matchLabels"));
            assertTrue(selects(selector, podLabels(owner)), name(owner) + " does not select its own pods");
            for (JsonNode other : workloads) {
                if (other != owner) {
                    assertFalse(selects(selector, podLabels(other)), name(owner) + " also selects the pods of " + name(other));
                }
            }
        }
    }

    @Test
    void statefulPodsGetStableNamesFromAHeadlessServiceThatPublishesUnreadyPeers() {
        Manifests manifests = Chart.render(DEFAULTS);
        for (JsonNode set : manifests.ofKind("StatefulSet")) {
            JsonNode headless = manifests.get("Service", set.path("spec").path("serviceName").asText());
            assertEquals("None", headless.path("spec").path("clusterIP").asText(), name(headless));
            assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean(), name(headless));
            assertTrue(selects(labels(headless.path("spec").path("selector")), podLabels(set)), name(headless) + " misses " + name(set));
        }
    }

    @Test
    void dnsResolverServicesAnswerOnPort53OverUdpAndTcp() {
        Manifests manifests = Chart.render(DEFAULTS);
        List<JsonNode> dnsServices = manifests.ofKind("Service").stream()
                .filter(service -> name(service).startsWith(FULLNAME + "-dns-resolver"))
                // The headless Service gives pods names; clients use the others.
                .filter(service -> !name(service).endsWith("-headless"))
                .toList();
        assertEquals(4, dnsServices.size(), "one per site and one for all");
        for (JsonNode service : dnsServices) {
            Map<String, Integer> port53 = new TreeMap<>();
            for (JsonNode port : service.path("spec").path("ports")) {
                if (port.path("port").asInt() == 53) {
                    port53.merge(port.path("protocol").asText(), 1, Integer::sum);
                }
            }
            assertEquals(Map.of("TCP", 1, "UDP", 1), port53, name(service));
        }
        for (JsonNode resolvers : manifests.ofKind("StatefulSet")) {
            if (name(resolvers).startsWith(FULLNAME + "-dns-resolver-")) {
                JsonNode container = onlyContainer(podTemplate(resolvers).path("spec"));
                assertEquals("5353", env(container, "DNS_PORT").orElseThrow().path("value").asText());
                assertEquals(5353, containerPort(container, Chart.YAML.getNodeFactory().textNode("dns-udp")).orElseThrow().path("containerPort").asInt());
            }
        }
    }

    @Test
    void cdnEdgePodsKnowTheirPop() {
        Manifests manifests = Chart.render(DEFAULTS);
        for (String pop : List.of("icn", "itm")) {
            JsonNode container = onlyContainer(podTemplate(manifests.get("Deployment", FULLNAME + "-cdn-edge-" + pop)).path("spec"));
            assertEquals(pop, env(container, "LAB_INSTANCE_POP").orElseThrow().path("value").asText());
        }
        assertEquals("east", podLabels(manifests.get("Deployment", FULLNAME + "-cdn-edge-icn")).get("region"));
        assertEquals("west", podLabels(manifests.get("Deployment", FULLNAME + "-cdn-edge-itm")).get("region"));
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void statusPageConfigListsATargetForEveryInstance(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        Map<String, Map<String, String>> targets = statusTargets(manifests);
        String suffix = "." + NAMESPACE + ".svc.cluster.local:9000/q/health/ready";

        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        for (JsonNode set : manifests.ofKind("StatefulSet")) {
            for (int ordinal = 0; ordinal < set.path("spec").path("replicas").asInt(); ordinal++) {
                String pod = name(set) + "-" + ordinal;
                expected.put(shortName(pod), Map.of(
                        "component", podLabels(set).get("app.kubernetes.io/component"),
                        "region", podLabels(set).get("region"),
                        "health-url", "http://" + pod + "." + set.path("spec").path("serviceName").asText() + suffix));
            }
        }
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            // Deployment pods have random names: one target per Deployment, through a Service of its own.
            JsonNode service = manifests.get("Service", name(deployment));
            Map<String, String> selector = labels(service.path("spec").path("selector"));
            assertTrue(selects(selector, podLabels(deployment)), name(service) + " misses " + name(deployment));
            manifests.workloads().stream().filter(other -> other != deployment).forEach(other ->
                    assertFalse(selects(selector, podLabels(other)), name(service) + " also reaches " + name(other)));
            expected.put(shortName(name(deployment)), Map.of(
                    "component", podLabels(deployment).get("app.kubernetes.io/component"),
                    "region", podLabels(deployment).get("region"),
                    "health-url", "http://" + name(service) + suffix));
        }

        assertEquals(expected, targets);
    }

    @Test
    void statusPageReadsItsConfigWhereQuarkusLooksForIt() {
        Manifests manifests = Chart.render(DEFAULTS);
        JsonNode pod = podTemplate(manifests.get("Deployment", FULLNAME + "-status-page")).path("spec");

        assertEquals(FULLNAME + "-status-page", volume(pod, "config").path("configMap").path("name").asText());
        assertTrue(mounts(onlyContainer(pod)).contains("config:/deployments/config"));
        assertTrue(manifests.get("ConfigMap", FULLNAME + "-status-page").path("data").has("application.properties"));
    }

    @Test
    void statusPageRollsWhenItsConfigChanges() {
        String before = configChecksum(Chart.render(DEFAULTS));
        String again = configChecksum(Chart.render(DEFAULTS, Map.of("nameOverride", "")));
        String after = configChecksum(Chart.render(DEFAULTS, Map.of("statusPage.probe.interval", "2s")));

        assertFalse(before.isEmpty());
        assertEquals(before, again, "same config, same checksum");
        assertNotEquals(before, after, "config changed but the pod template did not");
    }

    @Test
    void imagesAreTheRepositoryPrefixAndComponentAtTheAppVersion() {
        Manifests defaults = Chart.render(DEFAULTS);
        Manifests custom = Chart.render(DEFAULTS, Map.of("image.registry", "registry.lab:5000", "image.tag", "dev"));

        JsonNode dbNode = onlyContainer(podTemplate(defaults.get("StatefulSet", FULLNAME + "-db-node-east")).path("spec"));
        assertEquals("outage-lab/db-node:0.1.0-SNAPSHOT", dbNode.path("image").asText());
        assertEquals("IfNotPresent", dbNode.path("imagePullPolicy").asText());
        JsonNode statusPage = onlyContainer(podTemplate(custom.get("Deployment", FULLNAME + "-status-page")).path("spec"));
        assertEquals("registry.lab:5000/outage-lab/status-page:dev", statusPage.path("image").asText());
    }

    @Test
    void nodeAffinityPinsEachPodToItsSiteAndCanBeSwitchedOff() {
        JsonNode westDbNode = Chart.render(DEFAULTS).get("StatefulSet", FULLNAME + "-db-node-west");
        JsonNode term = podTemplate(westDbNode).path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms").get(0).path("matchExpressions").get(0);
        assertEquals("topology.kubernetes.io/zone", term.path("key").asText());
        assertEquals("In", term.path("operator").asText());
        assertEquals("[\"west\"]", term.path("values").toString());

        Manifests unpinned = Chart.render(DEFAULTS, Map.of("placement.nodeAffinity", false));
        assertAll(unpinned.workloads().stream().map(workload -> (Executable) () ->
                assertFalse(podTemplate(workload).path("spec").has("affinity"), name(workload))));
    }

    /** The properties the status page reads, grouped per target index; checks the indexes run 0..n-1. */
    private static Map<String, Map<String, String>> statusTargets(Manifests manifests) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(manifests.get("ConfigMap", FULLNAME + "-status-page").path("data").path("application.properties").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher matcher = TARGET_KEY.matcher(key);
            if (matcher.matches()) {
                byIndex.computeIfAbsent(Integer.valueOf(matcher.group(1)), index -> new TreeMap<>()).put(matcher.group(2), properties.getProperty(key));
            } else {
                assertTrue(key.startsWith("status.probe.") || key.startsWith("status.checks.") || key.equals("status.data-dir")
                        || key.equals("quarkus.datasource.jdbc.acquisition-timeout"), "unexpected key " + key);
            }
        }
        assertEquals(new ArrayList<>(byIndex.keySet()), IntStream.range(0, byIndex.size()).boxed().toList(), "target indexes");
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        byIndex.values().forEach(target -> {
            Map<String, String> rest = new TreeMap<>(target);
            String targetName = rest.remove("name");
            assertTrue(byName.put(targetName, rest) == null, "duplicate target " + targetName);
        });
        return byName;
    }

    private static String configChecksum(Manifests manifests) {
        return podTemplate(manifests.get("Deployment", FULLNAME + "-status-page")).path("metadata").path("annotations").path("checksum/config").asText();
    }

    /** Object names without the release prefix, as the local lab names its instances. */
    private static String shortName(String objectName) {
        return objectName.substring(FULLNAME.length() + 1);
    }

    private static void eachWorkload(Path valuesFile, Consumer<JsonNode> check) {
        List<JsonNode> workloads = Chart.render(valuesFile).workloads();
        assertFalse(workloads.isEmpty());
        assertAll(workloads.stream().map(workload -> (Executable) () -> check.accept(workload)));
    }

    private static JsonNode volume(JsonNode podSpec, String volumeName) {
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volumeName.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + volumeName + " in " + podSpec.path("volumes"));
    }

    /** "volume:mountPath" of each mount. */
    private static List<String> mounts(JsonNode container) {
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(mount -> mounts.add(mount.path("name").asText() + ":" + mount.path("mountPath").asText()));
        return mounts;
    }
}
