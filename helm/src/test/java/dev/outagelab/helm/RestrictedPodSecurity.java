package dev.outagelab.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks of the Pod Security Standards' {@code restricted} profile (which includes
 * {@code baseline}), as the Pod Security admission controller applies them to a pod spec
 * (kubernetes.io/docs/concepts/security/pod-security-standards/). A namespace labelled
 * {@code pod-security.kubernetes.io/enforce=restricted} admits a pod only if this finds nothing.
 */
final class RestrictedPodSecurity {

    private static final Set<String> ALLOWED_VOLUMES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of(
            "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(JsonNode podSpec) {
        List<String> problems = new ArrayList<>();
        for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (podSpec.path(hostNamespace).asBoolean(false)) {
                problems.add(hostNamespace);
            }
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            volume.fieldNames().forEachRemaining(field -> {
                if (!field.equals("name") && !ALLOWED_VOLUMES.contains(field)) {
                    problems.add("volume " + volume.path("name").asText() + " of type " + field);
                }
            });
        }
        for (JsonNode sysctl : podSpec.path("securityContext").path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) {
                problems.add("sysctl " + sysctl.path("name").asText());
            }
        }
        JsonNode pod = podSpec.path("securityContext");
        checkContextWide(pod, "pod", problems);
        List<JsonNode> containers = new ArrayList<>();
        podSpec.path("initContainers").forEach(containers::add);
        podSpec.path("containers").forEach(containers::add);
        podSpec.path("ephemeralContainers").forEach(containers::add);
        for (JsonNode container : containers) {
            checkContainer(container, pod, problems);
        }
        return problems;
    }

    /** Fields that may be set on the pod or on each container. */
    private static void checkContextWide(JsonNode context, String where, List<String> problems) {
        if (context.path("runAsUser").isInt() && context.path("runAsUser").asInt() == 0) {
            problems.add(where + " runs as UID 0");
        }
        String seccomp = context.path("seccompProfile").path("type").asText("");
        if (seccomp.equals("Unconfined")) {
            problems.add(where + " seccomp Unconfined");
        }
        String appArmor = context.path("appArmorProfile").path("type").asText("");
        if (appArmor.equals("Unconfined")) {
            problems.add(where + " AppArmor Unconfined");
        }
        String seLinuxType = context.path("seLinuxOptions").path("type").asText("");
        if (!Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t").contains(seLinuxType)) {
            problems.add(where + " SELinux type " + seLinuxType);
        }
        if (context.path("seLinuxOptions").has("user") || context.path("seLinuxOptions").has("role")) {
            problems.add(where + " sets an SELinux user or role");
        }
    }

    private static void checkContainer(JsonNode container, JsonNode pod, List<String> problems) {
        String name = "container " + container.path("name").asText();
        JsonNode context = container.path("securityContext");
        checkContextWide(context, name, problems);
        if (context.path("privileged").asBoolean(false)) {
            problems.add(name + " privileged");
        }
        if (context.has("procMount") && !context.path("procMount").asText().equals("Default")) {
            problems.add(name + " procMount " + context.path("procMount").asText());
        }
        for (JsonNode port : container.path("ports")) {
            if (port.path("hostPort").asInt(0) != 0) {
                problems.add(name + " hostPort " + port.path("hostPort").asInt());
            }
        }
        if (context.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(name + " allows privilege escalation");
        }
        boolean nonRoot = context.has("runAsNonRoot") ? context.path("runAsNonRoot").asBoolean() : pod.path("runAsNonRoot").asBoolean(false);
        if (!nonRoot) {
            problems.add(name + " without runAsNonRoot");
        }
        String seccomp = context.has("seccompProfile") ? context.path("seccompProfile").path("type").asText()
                : pod.path("seccompProfile").path("type").asText("");
        if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
            problems.add(name + " seccomp " + (seccomp.isEmpty() ? "unset" : seccomp));
        }
        boolean dropsAll = false;
        for (JsonNode dropped : context.path("capabilities").path("drop")) {
            dropsAll |= dropped.asText().equals("ALL");
        }
        if (!dropsAll) {
            problems.add(name + " does not drop ALL capabilities");
        }
        for (JsonNode added : context.path("capabilities").path("add")) {
            if (!added.asText().equals("NET_BIND_SERVICE")) {
                problems.add(name + " adds capability " + added.asText());
            }
        }
    }
}
