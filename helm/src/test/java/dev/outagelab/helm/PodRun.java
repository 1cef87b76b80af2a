package dev.outagelab.helm;

import static dev.outagelab.helm.Manifests.name;
import static dev.outagelab.helm.Manifests.onlyContainer;
import static dev.outagelab.helm.Manifests.podTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rendered pod as a {@code docker run}: what the kubelet would give its container, with the same image,
 * user, read-only root, capabilities, limits, environment (field and Secret references resolved from the
 * render, {@code $(VAR)} expanded), ConfigMaps mounted as files and emptyDirs (and claims) as fresh tmpfs.
 * Only the network differs: no cluster DNS ({@code --dns 127.0.0.1}, so nothing leaves the machine), the pod's
 * own stable name resolves to itself as in Kubernetes, and the management port is published on loopback.
 * Anything in the pod spec this cannot reproduce fails loudly rather than being dropped.
 */
final class PodRun {

    static final String CLUSTER_DOMAIN = "cluster.local";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Manifests render;
    private final JsonNode workload;
    private final String podName;

    PodRun(Manifests render, JsonNode workload, String podName) {
        this.render = render;
        this.workload = workload;
        this.podName = podName;
    }

    /** The first pod of a workload: name-0 for a StatefulSet, a stand-in name for a Deployment's random one. */
    static PodRun firstPod(Manifests render, JsonNode workload) {
        boolean stateful = workload.path("kind").asText().equals("StatefulSet");
        return new PodRun(render, workload, name(workload) + (stateful ? "-0" : "-7d4b9c6f5-x2x4q"));
    }

    String podName() {
        return podName;
    }

    String image() {
        return container().path("image").asText();
    }

    int managementPort() {
        return Manifests.containerPort(container(), Chart.YAML.getNodeFactory().textNode("management")).orElseThrow()
                .path("containerPort").asInt();
    }

    /** One variable of the container's environment, as the kubelet would set it. */
    String environmentVariable(String name) {
        return environment(container().path("env")).get(name);
    }

    /** The pod's stable DNS name if it has one (StatefulSet pods under their headless Service). */
    String stableName() {
        String service = workload.path("spec").path("serviceName").asText();
        return service.isEmpty() ? null : podName + "." + service + "." + Chart.NAMESPACE + ".svc." + CLUSTER_DOMAIN;
    }

    /** Arguments of {@code docker run} after "run"; ConfigMap volumes are written under filesDir. */
    List<String> dockerRunArgs(String containerName, Path filesDir) {
        JsonNode pod = podTemplate(workload).path("spec");
        JsonNode container = container();
        List<String> args = new ArrayList<>(List.of("--detach", "--name", containerName, "--hostname", podName,
                "--dns", "127.0.0.1", "--publish", "127.0.0.1::" + managementPort()));
        String stableName = stableName();
        if (stableName != null) {
            args.addAll(List.of("--add-host", stableName + ":127.0.0.1"));
        }
        args.addAll(security(pod.path("securityContext"), container.path("securityContext")));
        args.addAll(limits(container.path("resources").path("limits")));
        environment(container.path("env")).forEach((key, value) -> args.addAll(List.of("--env", key + "=" + value)));
        args.addAll(volumes(pod, container.path("volumeMounts"), filesDir));
        args.add(image());
        if (container.has("command") || container.has("args")) {
            throw new UnsupportedOperationException(podName + ": command/args are not reproduced");
        }
        return args;
    }

    private JsonNode container() {
        return onlyContainer(podTemplate(workload).path("spec"));
    }

    private List<String> security(JsonNode podContext, JsonNode containerContext) {
        List<String> args = new ArrayList<>();
        String user = setting(podContext, containerContext, "runAsUser");
        String group = setting(podContext, containerContext, "runAsGroup");
        if (user != null) {
            args.addAll(List.of("--user", group == null ? user : user + ":" + group));
        }
        if (podContext.has("fsGroup")) {
            args.addAll(List.of("--group-add", podContext.path("fsGroup").asText()));
        }
        if (containerContext.path("readOnlyRootFilesystem").asBoolean(false)) {
            args.add("--read-only");
        }
        if (!containerContext.path("allowPrivilegeEscalation").asBoolean(true)) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        for (JsonNode dropped : containerContext.path("capabilities").path("drop")) {
            args.addAll(List.of("--cap-drop", dropped.asText()));
        }
        for (JsonNode added : containerContext.path("capabilities").path("add")) {
            args.addAll(List.of("--cap-add", added.asText()));
        }
        String seccomp = setting(podContext, containerContext, "seccompProfile");
        if (seccomp != null && !seccomp.contains("RuntimeDefault")) {
            throw new UnsupportedOperationException(podName + ": seccomp " + seccomp + " is not reproduced");
        }
        // RuntimeDefault is what Docker applies anyway: its default seccomp profile.
        return args;
    }

    private static String setting(JsonNode podContext, JsonNode containerContext, String key) {
        JsonNode value = containerContext.has(key) ? containerContext.path(key) : podContext.path(key);
        return value.isMissingNode() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    private static List<String> limits(JsonNode limits) {
        List<String> args = new ArrayList<>();
        if (limits.has("memory")) {
            args.addAll(List.of("--memory", dockerMemory(limits.path("memory").asText())));
        }
        if (limits.has("cpu")) {
            String cpu = limits.path("cpu").asText();
            double cpus = cpu.endsWith("m") ? Integer.parseInt(cpu.substring(0, cpu.length() - 1)) / 1000.0 : Double.parseDouble(cpu);
            args.addAll(List.of("--cpus", String.valueOf(cpus)));
        }
        return args;
    }

    /** 384Mi becomes 384m (Docker's suffixes are binary). */
    static String dockerMemory(String quantity) {
        Matcher binary = Pattern.compile("(\\d+)([KMG])i").matcher(quantity);
        if (binary.matches()) {
            return binary.group(1) + binary.group(2).toLowerCase();
        }
        if (quantity.matches("\\d+")) {
            return quantity + "b";
        }
        throw new UnsupportedOperationException("memory quantity " + quantity + " is not reproduced");
    }

    /** The container's environment as the kubelet builds it: in order, each $(VAR) from the ones before. */
    Map<String, String> environment(JsonNode env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode variable : env) {
            String name = variable.path("name").asText();
            String value;
            if (variable.has("value")) {
                Matcher reference = VARIABLE.matcher(variable.path("value").asText());
                StringBuilder expanded = new StringBuilder();
                while (reference.find()) {
                    // Kubernetes leaves a reference to an undefined variable as written.
                    String replacement = values.getOrDefault(reference.group(1), reference.group());
                    reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
                }
                value = reference.appendTail(expanded).toString();
            } else {
                value = valueFrom(name, variable.path("valueFrom"));
            }
            values.put(name, value);
        }
        return values;
    }

    private String valueFrom(String variable, JsonNode source) {
        if (source.has("fieldRef")) {
            String field = source.path("fieldRef").path("fieldPath").asText();
            return switch (field) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> Chart.NAMESPACE;
                default -> throw new UnsupportedOperationException(variable + ": field " + field + " is not reproduced");
            };
        }
        if (source.has("secretKeyRef")) {
            JsonNode ref = source.path("secretKeyRef");
            JsonNode data = render.get("Secret", ref.path("name").asText()).path("data").path(ref.path("key").asText());
            return new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
        }
        if (source.has("configMapKeyRef")) {
            JsonNode ref = source.path("configMapKeyRef");
            return render.get("ConfigMap", ref.path("name").asText()).path("data").path(ref.path("key").asText()).asText();
        }
        throw new UnsupportedOperationException(variable + ": " + source + " is not reproduced");
    }

    private List<String> volumes(JsonNode pod, JsonNode mounts, Path filesDir) {
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(volume -> volumes.put(volume.path("name").asText(), volume));
        List<String> claims = new ArrayList<>();
        workload.path("spec").path("volumeClaimTemplates").forEach(claim -> claims.add(name(claim)));
        List<String> args = new ArrayList<>();
        for (JsonNode mount : mounts) {
            String volumeName = mount.path("name").asText();
            String path = mount.path("mountPath").asText();
            if (mount.has("subPath")) {
                throw new UnsupportedOperationException(podName + ": subPath mount " + volumeName + " is not reproduced");
            }
            JsonNode volume = volumes.get(volumeName);
            if (volume != null && volume.has("configMap")) {
                Path dir = writeConfigMap(volume.path("configMap"), filesDir.resolve(volumeName));
                // A ConfigMap volume is read-only whatever the mount says.
                args.addAll(List.of("--volume", dir.toAbsolutePath() + ":" + path + ":ro"));
            } else if ((volume != null && (volume.has("emptyDir") || volume.has("persistentVolumeClaim"))) || claims.contains(volumeName)) {
                // A fresh, empty, writable directory, mode 0777 like an emptyDir; exec as a node's disk allows.
                args.addAll(List.of("--tmpfs", path + ":rw,exec,mode=0777"));
            } else {
                throw new UnsupportedOperationException(podName + ": volume " + volumeName + " is not reproduced: " + volume);
            }
        }
        return args;
    }

    private Path writeConfigMap(JsonNode source, Path dir) {
        if (source.has("items")) {
            throw new UnsupportedOperationException(podName + ": ConfigMap items are not reproduced");
        }
        JsonNode configMap = render.get("ConfigMap", source.path("name").asText());
        try {
            Files.createDirectories(dir);
            // Readable by the container's non-root user, like the kubelet's 0644 files.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            var entries = configMap.path("data").fields();
            while (entries.hasNext()) {
                var entry = entries.next();
                Path file = dir.resolve(entry.getKey());
                Files.writeString(file, entry.getValue().asText());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
