package dev.outagelab.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/**
 * The cases of the Kubernetes documentation ("Network Policies", kubernetes.io/docs/concepts/
 * services-networking/network-policies/), with the policies written as the documentation writes them.
 */
class NetworkPolicyEvaluatorTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final Namespace DEFAULT = Namespace.named("default");
    private static final Namespace MYPROJECT = new Namespace("myproject", Map.of("project", "myproject"));
    private static final Namespace OTHER = new Namespace("other", Map.of("project", "other"));
    private static final List<Namespace> NAMESPACES = List.of(DEFAULT, MYPROJECT, OTHER);

    private static final Pod DB = Pod.of("db", "default", Map.of("role", "db"));
    private static final Pod FRONTEND = Pod.of("frontend", "default", Map.of("role", "frontend"));
    private static final Pod CLIENT = Pod.of("client", "default", Map.of("role", "client"));
    private static final Pod PROJECT_POD = Pod.of("anything", "myproject", Map.of("role", "anything"));
    private static final Pod PROJECT_FRONTEND = Pod.of("frontend", "myproject", Map.of("role", "frontend"));
    private static final Pod OTHER_FRONTEND = Pod.of("frontend", "other", Map.of("role", "frontend"));

    /** The documentation's first example, "test-network-policy". */
    private static final String TEST_NETWORK_POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: test-network-policy
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  role: db
              policyTypes:
              - Ingress
              - Egress
              ingress:
              - from:
                - ipBlock:
                    cidr: 172.17.0.0/16
                    except:
                    - 172.17.1.0/24
                - namespaceSelector:
                    matchLabels:
                      project: myproject
                - podSelector:
                    matchLabels:
                      role: frontend
                ports:
                - protocol: TCP
                  port: 6379
              egress:
              - to:
                - ipBlock:
                    cidr: 10.0.0.0/24
                ports:
                - protocol: TCP
                  port: 5978
            """;

    @Test
    void podsNoPolicySelectsAcceptAndSendEverything() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY);

        assertTrue(evaluator.allows(Connection.tcp(CLIENT, FRONTEND, 1234)));
        assertTrue(evaluator.allows(Connection.udp(FRONTEND, ExternalAddress.of("8.8.8.8"), 53)));
    }

    @Test
    void exampleAllowsFrontendPodsOfItsNamespaceOnTheRedisPortOnly() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY);

        assertTrue(evaluator.allows(Connection.tcp(FRONTEND, DB, 6379)));
        assertFalse(evaluator.allows(Connection.tcp(FRONTEND, DB, 6380)), "other port");
        assertFalse(evaluator.allows(Connection.udp(FRONTEND, DB, 6379)), "other protocol");
        assertFalse(evaluator.allows(Connection.tcp(CLIENT, DB, 6379)), "pod the selector does not name");
        // A podSelector alone means pods of the policy's own namespace.
        assertFalse(evaluator.allows(Connection.tcp(OTHER_FRONTEND, DB, 6379)), "frontend of another namespace");
    }

    @Test
    void exampleAllowsEveryPodOfTheSelectedNamespace() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY);

        assertTrue(evaluator.allows(Connection.tcp(PROJECT_POD, DB, 6379)));
        assertFalse(evaluator.allows(Connection.tcp(Pod.of("x", "other", Map.of()), DB, 6379)));
    }

    @Test
    void exampleAllowsTheIpBlockButNotItsException() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY);

        assertTrue(evaluator.allows(Connection.tcp(ExternalAddress.of("172.17.0.5"), DB, 6379)));
        assertFalse(evaluator.allows(Connection.tcp(ExternalAddress.of("172.17.1.5"), DB, 6379)), "in except");
        assertFalse(evaluator.allows(Connection.tcp(ExternalAddress.of("172.18.0.5"), DB, 6379)), "outside the cidr");
    }

    @Test
    void exampleLimitsTheDbsEgressToOneSubnetAndPort() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY);

        assertTrue(evaluator.allows(Connection.tcp(DB, ExternalAddress.of("10.0.0.7"), 5978)));
        assertFalse(evaluator.allows(Connection.tcp(DB, ExternalAddress.of("10.0.1.7"), 5978)));
        assertFalse(evaluator.allows(Connection.tcp(DB, ExternalAddress.of("10.0.0.7"), 80)));
        // Pods are not in ipBlocks here (see IpBlock), so the db may not even call its frontend.
        assertFalse(evaluator.allows(Connection.tcp(DB, FRONTEND, 5978)));
    }

    @Test
    void aConnectionNeedsEgressAtTheSourceAndIngressAtTheDestination() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY);

        // The db's ingress allows frontends, but the frontend's egress is open; the other way round
        // the frontend accepts anything but the db may not send.
        Verdict toDb = evaluator.evaluate(Connection.tcp(FRONTEND, DB, 6379));
        Verdict fromDb = evaluator.evaluate(Connection.tcp(DB, FRONTEND, 6379));

        assertTrue(toDb.allowed(), toDb::toString);
        assertTrue(fromDb.ingress().allowed(), fromDb::toString);
        assertFalse(fromDb.egress().allowed(), fromDb::toString);
        assertFalse(fromDb.allowed());
        assertTrue(fromDb.toString().contains("default/test-network-policy"), fromDb::toString);
    }

    @Test
    void defaultDenyAllIngressIsolatesEveryPodOfItsNamespaceForIngressOnly() {
        NetworkPolicyEvaluator evaluator = evaluator("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: default-deny-ingress
                  namespace: default
                spec:
                  podSelector: {}
                  policyTypes:
                  - Ingress
                """);

        assertFalse(evaluator.allows(Connection.tcp(CLIENT, FRONTEND, 80)));
        assertFalse(evaluator.allows(Connection.tcp(PROJECT_POD, FRONTEND, 80)));
        assertTrue(evaluator.allows(Connection.tcp(FRONTEND, PROJECT_POD, 80)), "egress is not isolated");
        assertTrue(evaluator.allows(Connection.tcp(PROJECT_POD, PROJECT_FRONTEND, 80)), "other namespace untouched");
    }

    @Test
    void allowAllIngressAddsUpWithADefaultDeny() {
        NetworkPolicyEvaluator evaluator = evaluator("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: default-deny-ingress
                  namespace: default
                spec:
                  podSelector: {}
                  policyTypes:
                  - Ingress
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: allow-all-ingress
                  namespace: default
                spec:
                  podSelector: {}
                  ingress:
                  - {}
                  policyTypes:
                  - Ingress
                """);

        assertTrue(evaluator.allows(Connection.tcp(PROJECT_POD, FRONTEND, 80)));
        assertTrue(evaluator.allows(Connection.udp(ExternalAddress.of("192.0.2.1"), FRONTEND, 53)));
    }

    @Test
    void defaultDenyAllEgressStopsEvenDnsAndAllowAllEgressRestoresIt() {
        String denyEgress = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: default-deny-egress
                  namespace: default
                spec:
                  podSelector: {}
                  policyTypes:
                  - Egress
                """;
        String allowEgress = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: allow-all-egress
                  namespace: default
                spec:
                  podSelector: {}
                  egress:
                  - {}
                  policyTypes:
                  - Egress
                """;
        Pod kubeDns = Pod.of("coredns", "kube-system", Map.of("k8s-app", "kube-dns"));

        assertFalse(evaluator(denyEgress).allows(Connection.udp(FRONTEND, kubeDns, 53)));
        assertTrue(evaluator(denyEgress).allows(Connection.tcp(PROJECT_POD, FRONTEND, 80)), "ingress is not isolated");
        assertFalse(evaluator(denyEgress).allows(Connection.tcp(CLIENT, FRONTEND, 80)), "the client may not send");
        assertTrue(evaluator(denyEgress + "---\n" + allowEgress).allows(Connection.udp(FRONTEND, kubeDns, 53)));
    }

    @Test
    void defaultDenyAllTrafficCutsBothDirections() {
        NetworkPolicyEvaluator evaluator = evaluator("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: default-deny-all
                  namespace: default
                spec:
                  podSelector: {}
                  policyTypes:
                  - Ingress
                  - Egress
                """);

        assertFalse(evaluator.allows(Connection.tcp(PROJECT_POD, FRONTEND, 80)));
        assertFalse(evaluator.allows(Connection.tcp(FRONTEND, PROJECT_POD, 80)));
        assertFalse(evaluator.allows(Connection.tcp(FRONTEND, CLIENT, 80)));
    }

    @Test
    void namespaceAndPodSelectorInOneEntryMustBothHold() {
        // The documentation's "and" case: one element with both selectors.
        NetworkPolicyEvaluator and = evaluator(ingressFrom("""
                  - namespaceSelector:
                      matchLabels:
                        project: myproject
                    podSelector:
                      matchLabels:
                        role: frontend
                """));

        assertTrue(and.allows(Connection.tcp(PROJECT_FRONTEND, DB, 6379)));
        assertFalse(and.allows(Connection.tcp(PROJECT_POD, DB, 6379)), "right namespace, wrong pod");
        assertFalse(and.allows(Connection.tcp(FRONTEND, DB, 6379)), "right pod, wrong namespace");
    }

    @Test
    void namespaceAndPodSelectorInTwoEntriesEitherSuffices() {
        // The documentation's "or" case: two elements, one selector each.
        NetworkPolicyEvaluator or = evaluator(ingressFrom("""
                  - namespaceSelector:
                      matchLabels:
                        project: myproject
                  - podSelector:
                      matchLabels:
                        role: frontend
                """));

        assertTrue(or.allows(Connection.tcp(PROJECT_POD, DB, 6379)));
        assertTrue(or.allows(Connection.tcp(FRONTEND, DB, 6379)));
        assertFalse(or.allows(Connection.tcp(OTHER_FRONTEND, DB, 6379)));
    }

    @Test
    void anEmptyNamespaceSelectorMeansEveryNamespace() {
        NetworkPolicyEvaluator evaluator = evaluator(ingressFrom("""
                  - namespaceSelector: {}
                    podSelector:
                      matchLabels:
                        role: frontend
                """));

        assertTrue(evaluator.allows(Connection.tcp(OTHER_FRONTEND, DB, 6379)));
        assertTrue(evaluator.allows(Connection.tcp(FRONTEND, DB, 6379)));
        assertFalse(evaluator.allows(Connection.tcp(PROJECT_POD, DB, 6379)));
    }

    @Test
    void aNamespaceIsNamedByItsMetadataNameLabel() {
        NetworkPolicyEvaluator evaluator = evaluator(ingressFrom("""
                  - namespaceSelector:
                      matchLabels:
                        kubernetes.io/metadata.name: other
                """));

        assertTrue(evaluator.allows(Connection.tcp(OTHER_FRONTEND, DB, 6379)));
        assertFalse(evaluator.allows(Connection.tcp(PROJECT_POD, DB, 6379)));
    }

    @Test
    void matchExpressionsSupportEveryOperator() {
        Map<String, String> eastDb = Map.of("component", "db", "region", "east");
        Map<String, String> unlabelled = Map.of("component", "db");

        assertTrue(selector("{key: region, operator: In, values: [east, west]}").matches(eastDb));
        assertFalse(selector("{key: region, operator: In, values: [west]}").matches(eastDb));
        assertFalse(selector("{key: region, operator: NotIn, values: [east]}").matches(eastDb));
        assertTrue(selector("{key: region, operator: NotIn, values: [east]}").matches(unlabelled), "NotIn matches a missing key");
        assertTrue(selector("{key: region, operator: Exists}").matches(eastDb));
        assertFalse(selector("{key: region, operator: Exists}").matches(unlabelled));
        assertTrue(selector("{key: region, operator: DoesNotExist}").matches(unlabelled));
        assertThrows(IllegalArgumentException.class, () -> selector("{key: region, operator: In, values: []}"));
        assertThrows(IllegalArgumentException.class, () -> selector("{key: region, operator: Near, values: [x]}"));
    }

    @Test
    void matchLabelsAndMatchExpressionsMustBothHold() {
        LabelSelector both = PolicyReader.labelSelector(read("""
                matchLabels: {component: db}
                matchExpressions: [{key: region, operator: In, values: [east]}]
                """));

        assertTrue(both.matches(Map.of("component", "db", "region", "east")));
        assertFalse(both.matches(Map.of("component", "db", "region", "west")));
        assertFalse(both.matches(Map.of("component", "web", "region", "east")));
    }

    @Test
    void endPortAllowsAWholeRange() {
        // The documentation's "Targeting a range of ports" example.
        NetworkPolicyEvaluator evaluator = evaluator("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: multi-port-egress
                  namespace: default
                spec:
                  podSelector:
                    matchLabels:
                      role: db
                  policyTypes:
                    - Egress
                  egress:
                    - to:
                        - ipBlock:
                            cidr: 10.0.0.0/24
                      ports:
                        - protocol: TCP
                          port: 32000
                          endPort: 32768
                """);
        ExternalAddress inside = ExternalAddress.of("10.0.0.9");

        assertTrue(evaluator.allows(Connection.tcp(DB, inside, 32000)));
        assertTrue(evaluator.allows(Connection.tcp(DB, inside, 32768)));
        assertFalse(evaluator.allows(Connection.tcp(DB, inside, 31999)));
        assertFalse(evaluator.allows(Connection.tcp(DB, inside, 32769)));
    }

    @Test
    void aNamedPortIsTheDestinationPodsPortOfThatName() {
        Pod web = new Pod("web", "default", Map.of("role", "web"), List.of(
                new Pod.ContainerPort("http", 8080, Protocol.TCP), new Pod.ContainerPort("dns", 5353, Protocol.UDP)));
        Pod other = new Pod("other", "default", Map.of("role", "other"), List.of(new Pod.ContainerPort("http", 9090, Protocol.TCP)));
        NetworkPolicyEvaluator evaluator = evaluator("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: named
                  namespace: default
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - ports:
                    - port: http
                  egress:
                  - ports:
                    - port: http
                    - port: dns
                      protocol: UDP
                """);

        assertTrue(evaluator.allows(Connection.tcp(CLIENT, web, 8080)));
        assertFalse(evaluator.allows(Connection.tcp(CLIENT, web, 9090)));
        assertTrue(evaluator.allows(Connection.tcp(CLIENT, other, 9090)), "the name resolves per destination pod");
        assertFalse(evaluator.allows(Connection.tcp(CLIENT, web, 5353)), "dns is UDP only");
        assertFalse(evaluator.allows(Connection.tcp(CLIENT, ExternalAddress.of("192.0.2.1"), 8080)), "no named ports outside");
    }

    @Test
    void withoutPolicyTypesAPolicyIsolatesIngressAndEgressOnlyIfItHasEgressRules() {
        NetworkPolicy ingressOnly = PolicyReader.networkPolicy(read("""
                kind: NetworkPolicy
                metadata: {name: a, namespace: default}
                spec:
                  podSelector: {}
                """), "default");
        NetworkPolicy both = PolicyReader.networkPolicy(read("""
                kind: NetworkPolicy
                metadata: {name: b, namespace: default}
                spec:
                  podSelector: {}
                  egress: [{ports: [{port: 53, protocol: UDP}]}]
                """), "default");

        assertEquals(Set.of(PolicyType.INGRESS), ingressOnly.policyTypes());
        assertEquals(Set.of(PolicyType.INGRESS, PolicyType.EGRESS), both.policyTypes());
    }

    @Test
    void policiesAddUpSoNoPolicyCanDenyWhatAnotherAllows() {
        NetworkPolicyEvaluator evaluator = evaluator(TEST_NETWORK_POLICY + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: clients-too
                  namespace: default
                spec:
                  podSelector:
                    matchLabels:
                      role: db
                  ingress:
                  - from:
                    - podSelector:
                        matchLabels:
                          role: client
                    ports:
                    - port: 6379
                """);

        assertTrue(evaluator.allows(Connection.tcp(CLIENT, DB, 6379)), "second policy adds clients");
        assertTrue(evaluator.allows(Connection.tcp(FRONTEND, DB, 6379)), "first policy still counts");
        assertTrue(evaluator.evaluate(Connection.tcp(CLIENT, DB, 6379)).ingress().reason().contains("clients-too"));
    }

    @Test
    void aPolicySelectsPodsOfItsOwnNamespaceOnly() {
        NetworkPolicyEvaluator evaluator = evaluator("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: deny
                  namespace: myproject
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                """);

        assertFalse(evaluator.allows(Connection.tcp(FRONTEND, PROJECT_FRONTEND, 80)));
        assertTrue(evaluator.allows(Connection.tcp(PROJECT_FRONTEND, FRONTEND, 80)));
    }

    @Test
    void sctpIsItsOwnProtocol() {
        NetworkPolicyEvaluator evaluator = evaluator(ingressFrom("""
                  - podSelector: {}
                """).replace("protocol: TCP", "protocol: SCTP"));

        assertTrue(evaluator.allows(new Connection(FRONTEND, DB, 6379, Protocol.SCTP)));
        assertFalse(evaluator.allows(Connection.tcp(FRONTEND, DB, 6379)));
    }

    @Test
    void malformedPoliciesAreRejectedNamingTheProblem() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> evaluator(ingressFrom("""
                  - ipBlock: {cidr: 10.0.0.0/8}
                    podSelector: {}
                """)));
        assertTrue(both.getMessage().contains("ipBlock"), both.getMessage());
        IllegalArgumentException cidr = assertThrows(IllegalArgumentException.class, () -> IpBlock.of("10.0.0.0/33"));
        assertTrue(cidr.getMessage().contains("10.0.0.0/33"), cidr.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpBlock.of("example.com/8"), "never a DNS look-up");
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> PolicyPort.range(Protocol.TCP, 100, 99));
        assertTrue(range.getMessage().contains("endPort"), range.getMessage());
    }

    @Test
    void ipv6BlocksMatchIpv6AddressesOnly() {
        IpBlock block = IpBlock.of("fd00::/8", "fd00:1::/32");

        assertTrue(block.contains(IpBlock.parseAddress("fd12::1")));
        assertFalse(block.contains(IpBlock.parseAddress("fd00:1::5")));
        assertFalse(block.contains(IpBlock.parseAddress("10.0.0.1")));
    }

    /** A policy on role=db pods allowing TCP 6379 from the given peers. */
    private static String ingressFrom(String peers) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: db-ingress
                  namespace: default
                spec:
                  podSelector:
                    matchLabels:
                      role: db
                  policyTypes:
                  - Ingress
                  ingress:
                  - from:
                """ + peers.indent(2) + """
                    ports:
                    - protocol: TCP
                      port: 6379
                """;
    }

    private static NetworkPolicyEvaluator evaluator(String policiesYaml) {
        List<NetworkPolicy> policies = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> documents = YAML.readerFor(new TypeReference<Map<String, Object>>() { })
                .readValues(policiesYaml)) {
            while (documents.hasNext()) {
                policies.add(PolicyReader.networkPolicy(documents.next(), "default"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NetworkPolicyEvaluator(NAMESPACES, policies);
    }

    private static LabelSelector selector(String expression) {
        return PolicyReader.labelSelector(read("matchExpressions: [" + expression + "]"));
    }

    private static Map<String, Object> read(String yaml) {
        try {
            return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
