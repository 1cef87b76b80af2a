package dev.outagelab.lab.local;

/**
 * One instance as the supervisor sees it (a row of instances.json and of GET /instances).
 *
 * @param pid          null while no process is alive
 * @param startedAt    ISO-8601 start of the current (or last) process
 * @param lastExitCode exit code of the previous process, null if none exited yet
 * @param ready        whether the current process has answered its readiness URL at least once; lets
 *                     `lab status` tell "starting" from "unready"
 */
public record InstanceRecord(String name, String component, String region, Long pid, String startedAt,
                             int restarts, Integer lastExitCode, Desired desired, Phase phase, boolean ready,
                             int appPort, int managementPort, Integer dnsPort) {
}
