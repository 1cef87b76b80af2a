package dev.outagelab.lab.local;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Where everything lives: the repository (for the jars) and the state directory (for what a running lab
 * writes). All paths are absolute and normalized so the `-Dlab.state-dir=` guard that `down` matches
 * against a process's command line is the same string every time.
 */
public record LabPaths(Path root, Path stateDir) {

    public static final String ROOT_PROPERTY = "lab.root";
    public static final String STATE_DIR_ENV = "LAB_STATE_DIR";

    public LabPaths {
        root = root.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    /** Root from -Dlab.root (the script sets it), else the working directory; state dir from option, env, default. */
    public static LabPaths resolve(Optional<Path> stateDirOption) {
        String rootProperty = System.getProperty(ROOT_PROPERTY);
        Path root = rootProperty != null && !rootProperty.isBlank() ? Paths.get(rootProperty) : Paths.get("");
        Optional<Path> fromEnv = Optional.ofNullable(System.getenv(STATE_DIR_ENV))
                .filter(s -> !s.isBlank()).map(Paths::get);
        Path state = stateDirOption.or(() -> fromEnv).orElse(root.resolve(".lab"));
        return new LabPaths(root, state);
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path configDir() {
        return stateDir.resolve("config");
    }

    public Path dataDir(String instance) {
        return stateDir.resolve("data").resolve(instance);
    }

    public Path logFile(String instance) {
        return logsDir().resolve(instance + ".log");
    }

    public Path supervisorLog() {
        return logsDir().resolve("supervisor.log");
    }

    public Path adminTokenFile() {
        return stateDir.resolve("admin-token");
    }

    public Path tsigSecretFile() {
        return stateDir.resolve("tsig-secret");
    }

    public Path supervisorFile() {
        return stateDir.resolve("supervisor.json");
    }

    public Path instancesFile() {
        return stateDir.resolve("instances.json");
    }

    /** Held (file lock) by the running supervisor so a second one for the same state dir cannot start. */
    public Path lockFile() {
        return stateDir.resolve("supervisor.lock");
    }

    /** An instance's settings (addresses of its peers, its first role), passed with quarkus.config.locations. */
    public Path instanceConfig(String instance) {
        return configDir().resolve(instance + ".properties");
    }

    /** The resolver fleet's policy (JSON), shared by every resolver and re-read by them while they run. */
    public Path fleetPolicy() {
        return configDir().resolve("dns-fleet.json");
    }

    /** The Quarkus fast-jar launcher of a service module. */
    public Path serviceJar(String module) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    public Path labJar() {
        return root.resolve("lab-cli").resolve("target").resolve("lab.jar");
    }
}
