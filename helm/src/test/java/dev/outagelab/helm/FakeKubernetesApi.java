package dev.outagelab.helm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Just enough of a Kubernetes API server for Helm's {@code lookup} of a v1 Secret.
 *
 * <p>helm-java 0.0.21 renders templates with dry-run option "none", which (unlike the helm CLI's
 * {@code helm template}) lets {@code lookup} call the cluster, and fails without one. Instead of
 * weakening the chart, the tests point KUBECONFIG (set by surefire) at this server. It also lets a
 * test put an existing Secret in the "cluster" and prove that an upgrade keeps its token.
 */
final class FakeKubernetesApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** "namespace/name" to the Secret's data map (values already base64, as the API returns them). */
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
    private final HttpServer server;

    private FakeKubernetesApi(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port and writes the kubeconfig that the Go side will read. */
    static FakeKubernetesApi start(Path kubeconfig) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeKubernetesApi api = new FakeKubernetesApi(server);
            server.createContext("/", api::handle);
            server.start();
            Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: fake
                        cluster:
                          server: http://127.0.0.1:%d
                    contexts:
                      - name: fake
                        context:
                          cluster: fake
                          user: fake
                    current-context: fake
                    users:
                      - name: fake
                        user:
                          token: fake
                    """.formatted(server.getAddress().getPort()));
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void putSecret(String namespace, String name, Map<String, String> base64Data) {
        secrets.put(namespace + "/" + name, Map.copyOf(base64Data));
    }

    void clearSecrets() {
        secrets.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (path.equals("/api/v1")) {
            respond(exchange, 200, resourceList());
        } else if (parts.length == 7 && path.startsWith("/api/v1/namespaces/") && parts[5].equals("secrets")) {
            Map<String, String> data = secrets.get(parts[4] + "/" + parts[6]);
            respond(exchange, data == null ? 404 : 200, data == null ? notFound(parts[6]) : secret(parts[4], parts[6], data));
        } else {
            respond(exchange, 404, notFound(path));
        }
    }

    private static ObjectNode resourceList() {
        ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", "v1");
        list.putArray("resources").addObject()
                .put("name", "secrets").put("singularName", "secret").put("namespaced", true).put("kind", "Secret")
                .putArray("verbs").add("get").add("list");
        return list;
    }

    private static ObjectNode secret(String namespace, String name, Map<String, String> data) {
        ObjectNode secret = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret").put("type", "Opaque");
        secret.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode dataNode = secret.putObject("data");
        data.forEach(dataNode::put);
        return secret;
    }

    /** The Status body client-go needs to recognise NotFound (Helm's lookup then returns an empty map). */
    private static ObjectNode notFound(String name) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("reason", "NotFound").put("code", 404)
                .put("message", name + " not found");
        status.putObject("details").put("name", name);
        return status;
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
