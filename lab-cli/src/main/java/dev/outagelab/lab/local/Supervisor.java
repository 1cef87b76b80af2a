package dev.outagelab.lab.local;

import dev.outagelab.lab.http.Probe;
import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Runs every instance of the topology as a child process and keeps the ones that should run running. */
public final class Supervisor {

    // Readiness only needs noticing once per process (to tell "starting" from "unready"), so a slow poll will do.
    private static final long READINESS_POLL_MILLIS = 1000;
    // SIGKILL cannot be refused; the wait is only for the kernel to reap the process.
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final LabPaths paths;
    private final int portOffset;
    private final Map<String, SupervisedInstance> instances = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("lab-restarts"));
    // One writer thread: state changes from many threads become ordered, coalescable writes of one file.
    private final ExecutorService stateWriter = Executors.newSingleThreadExecutor(daemon("lab-state"));
    private final Probe probe = new Probe();
    private final CompletableFuture<Void> shutdown = new CompletableFuture<>();
    private boolean shutdownStarted;

    public Supervisor(LabPaths paths, Topology topology, int portOffset, LabSecrets secrets) {
        this.paths = paths;
        this.portOffset = portOffset;
        for (Instance instance : topology.instances()) {
            Optional<Path> config = Optional.of(paths.instanceConfig(instance.name()));
            LaunchSpec spec = new LaunchSpec(instance, Ports.of(instance, portOffset),
                    paths.serviceJar(instance.module()), paths.stateDir(), paths.dataDir(instance.name()),
                    paths.logFile(instance.name()), secrets, config);
            instances.put(instance.name(), new SupervisedInstance(spec, scheduler, this::stateChanged));
        }
    }

    public void startAll() {
        instances.values().forEach(SupervisedInstance::start);
        scheduler.scheduleWithFixedDelay(this::pollReadiness, READINESS_POLL_MILLIS, READINESS_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    public InstancesDocument document() {
        List<InstanceRecord> records = new ArrayList<>();
        instances.values().forEach(i -> records.add(i.snapshot()));
        return new InstancesDocument(portOffset, paths.stateDir().toString(), Instant.now().toString(), records);
    }

    public Optional<InstanceRecord> apply(String name, InstanceAction action) throws IOException {
        SupervisedInstance instance = instances.get(name);
        if (instance == null) {
            return Optional.empty();
        }
        switch (action) {
            case START -> instance.start();
            case STOP -> instance.stop().ifPresent(h -> LabProcesses.terminateAll(List.of(h), LabProcesses.GRACE));
            case KILL -> instance.kill().ifPresent(h -> LabProcesses.awaitExit(h, KILL_WAIT));
            case PAUSE -> instance.pause();
            case RESUME -> instance.resume();
        }
        return Optional.of(instance.snapshot());
    }

    /** Stops every instance in parallel (SIGTERM, then SIGKILL after the grace period). Safe to call twice. */
    public void shutdown() {
        boolean first;
        synchronized (this) {
            first = !shutdownStarted;
            shutdownStarted = true;
        }
        if (!first) {
            // A second caller (the JVM shutdown hook after POST /shutdown) waits for the first to finish.
            shutdown.join();
            return;
        }
        try {
            scheduler.shutdownNow();
            List<ProcessHandle> running = new ArrayList<>();
            instances.values().forEach(i -> i.beginShutdown().ifPresent(running::add));
            LabProcesses.terminateAll(running, LabProcesses.GRACE);
            writeState();
            stateWriter.shutdown();
        } finally {
            shutdown.complete(null);
        }
    }

    /** Adapts the supervisor to its control API. */
    public SupervisorControl control(Runnable onShutdownRequested) {
        return new SupervisorControl() {
            @Override
            public InstancesDocument instances() {
                return document();
            }

            @Override
            public Optional<InstanceRecord> apply(String name, InstanceAction action) throws IOException {
                return Supervisor.this.apply(name, action);
            }

            @Override
            public void shutdown() {
                onShutdownRequested.run();
            }
        };
    }

    private void pollReadiness() {
        Map<String, Integer> awaiting = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        instances.values().forEach(i -> i.awaitingReadiness().ifPresent(g -> {
            awaiting.put(i.name(), g);
            urls.put(i.name(), i.readinessUrl());
        }));
        if (awaiting.isEmpty()) {
            return;
        }
        Map<String, Boolean> ok = probe.areOk(List.copyOf(urls.values()));
        awaiting.forEach((name, generation) -> {
            if (ok.getOrDefault(urls.get(name), false)) {
                instances.get(name).markReady(generation);
            }
        });
    }

    private void stateChanged() {
        try {
            stateWriter.execute(this::writeState);
        } catch (RejectedExecutionException afterShutdown) {
            // shutdown() writes the final state itself
        }
    }

    private synchronized void writeState() {
        try {
            StateFiles.write(paths.instancesFile(), document());
        } catch (IOException e) {
            System.err.println("lab supervisor: cannot write " + paths.instancesFile() + ": " + e.getMessage());
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
