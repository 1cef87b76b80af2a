package dev.outagelab.lab.local;

import java.util.List;

/** JVM flags for the lab's processes: 13 JVMs share a laptop (or a 2-core CI box), so every one is lean. */
public final class JvmFlags {

    /**
     * Instances: serial GC and C1 only (quick start, little background CPU), one compiler thread, one
     * visible CPU so thread pools stay small, and hard caps on heap, metaspace, code cache and direct memory.
     * Tune here; nothing else repeats these.
     */
    public static final List<String> INSTANCE = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ActiveProcessorCount=1",
            "-Xms16m", "-Xmx96m", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=32m", "-Xss512k",
            "-XX:MaxDirectMemorySize=32m");

    /** The supervisor mostly waits on child processes and serves a handful of requests. */
    public static final List<String> SUPERVISOR = List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private JvmFlags() {
    }

    public static String javaExecutable() {
        return java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
