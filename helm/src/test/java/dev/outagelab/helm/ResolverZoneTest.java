package dev.outagelab.helm;

import static dev.outagelab.helm.Chart.FULLNAME;
import static dev.outagelab.helm.Chart.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolvers' zone in a cluster names Kubernetes objects, not 127.0.0.1: CNAMEs to Services and to the
 * db-node pods' stable names, which the resolvers chase through their upstream, the cluster DNS. The orchestrator's
 * failover update writes the same shape (primary.db CNAME a pod's stable name).
 */
class ResolverZoneTest {

    private static final Pattern RECORD_KEY = Pattern.compile("dns\\.zone\\.records\\[(\\d+)]\\.(\\w+)");
    private static final String SERVICES = "." + NAMESPACE + ".svc.cluster.local.";

    @ParameterizedTest
    @MethodSource("dev.outagelab.helm.Chart#ciValuesFiles")
    void everyRecordIsACnameToAServiceOrAPodThatTheChartRenders(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        Map<Integer, Map<String, String>> records = records(manifests);

        // The packaged application.properties has records[0..5]; SmallRye merges indexed keys across sources,
        // so the chart must write at least those six or the packaged 127.0.0.1 records leak in.
        assertTrue(records.size() >= 6, valuesFile + ": " + records);
        assertEquals(records.size(), records.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1, "gaps in " + records);
        for (Map<String, String> record : records.values()) {
            assertEquals("CNAME", record.get("type"), record.toString());
            String target = record.get("data");
            assertTrue(target.endsWith(SERVICES), "not a name in the release's namespace: " + record);
            String name = target.substring(0, target.length() - SERVICES.length());
            if (name.contains(".")) {
                // <pod>.<headless Service>: the pod must be one a StatefulSet renders, under that Service.
                String[] parts = name.split("\\.");
                assertEquals(2, parts.length, record.toString());
                assertTrue(manifests.statefulPodNames().contains(parts[0]), "no pod " + parts[0] + " rendered: " + record);
                assertTrue(manifests.find("Service", parts[1]).isPresent(), "no Service " + parts[1] + ": " + record);
            } else {
                assertTrue(manifests.find("Service", name).isPresent(), "no Service " + name + ": " + record);
            }
        }
        String settings = resolverSettings(manifests);
        assertFalse(settings.contains("127.0.0.1"), settings);
    }

    @ParameterizedTest
    @MethodSource("dev.outagelab.helm.Chart#ciValuesFiles")
    void primaryAndEachDbNodeNameTheirPodAndTheOrchestratorWritesTheSameShape(Path valuesFile) {
        Manifests manifests = Chart.render(valuesFile);
        Map<String, String> cnames = new TreeMap<>();
        records(manifests).values().forEach(record -> cnames.put(record.get("name"), record.get("data")));
        String headless = FULLNAME + "-db-node-headless";
        String orchestrator = manifests.get("ConfigMap", FULLNAME + "-orchestrator").path("data").path("application.properties").asText();

        String firstDbPod = manifests.statefulPodNames().stream().filter(pod -> pod.startsWith(FULLNAME + "-db-node-")).findFirst().orElseThrow();
        assertEquals(firstDbPod + "." + headless + SERVICES, cnames.get("primary.db"));
        assertEquals(FULLNAME + "-db-node" + SERVICES, cnames.get("origin.news"), "origin.news: the db-node Service");
        assertEquals(FULLNAME + "-dns-resolver" + SERVICES, cnames.get("ns1"), "ns1: the resolvers' Service");
        int dbNodes = 0;
        for (String pod : manifests.statefulPodNames()) {
            if (!pod.startsWith(FULLNAME + "-db-node-")) {
                continue;
            }
            dbNodes++;
            String instance = pod.substring(FULLNAME.length() + 1);
            String stableName = pod + "." + headless + SERVICES;
            assertEquals(stableName, cnames.get(instance + ".db"), instance);
            // After a failover the orchestrator's RFC 2136 update makes primary.db a CNAME to this.
            assertTrue(orchestrator.contains("orchestrator.db-nodes." + instance + ".dns-name=" + stableName + "\n"), orchestrator);
        }
        assertTrue(dbNodes >= 1);
    }

    static Map<Integer, Map<String, String>> records(Manifests manifests) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(resolverSettings(manifests)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, Map<String, String>> records = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher matcher = RECORD_KEY.matcher(key);
            if (matcher.matches()) {
                records.computeIfAbsent(Integer.valueOf(matcher.group(1)), index -> new TreeMap<>()).put(matcher.group(2), properties.getProperty(key));
            }
        }
        return records;
    }

    private static String resolverSettings(Manifests manifests) {
        return manifests.get("ConfigMap", FULLNAME + "-dns-resolver").path("data").path("application.properties").asText();
    }
}
