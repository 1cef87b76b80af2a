package dev.outagelab.dnsresolver.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * This instance's part in fleet health: its own service state, the running fleet config (from the file it
 * reloads, or the admin API, which passes changes on to the peers), and the timer that runs a
 * {@link FleetManager} round.
 */
public class FleetService {

    public static final String FORWARDED_HEADER = "X-Fleet-Forwarded-By";
    private static final Logger LOG = Logger.getLogger(FleetService.class);

    private final MemberState member;
    private final LocalPeer self;
    private final FleetManager manager;
    private final List<HttpPeer> peers;
    private final FleetLog log;
    private final Optional<Path> configFile;
    private final Clock clock;
    /** {@code dns.fleet.validate}: whether configs are judged unless the running one switches it. */
    private final boolean validateSetting;
    private volatile FleetConfig running;
    private String fileContent;
    private ScheduledExecutorService timer;

    /** {@code members} is the whole fleet in configured order: {@code self} and one {@link HttpPeer} per peer. */
    public FleetService(LocalPeer self, List<Peer> members, FleetLog log, Optional<Path> configFile, Clock clock,
            boolean validate) {
        this.validateSetting = validate;
        this.member = self.state();
        this.self = self;
        this.peers = members.stream().filter(HttpPeer.class::isInstance).map(HttpPeer.class::cast).toList();
        this.manager = new FleetManager(self.name(), members, this::running, log);
        this.log = log;
        this.configFile = configFile;
        this.clock = clock;
        this.running = FleetConfig.IDLE;
    }

    /**
     * Reads the config file, if any; a file that is missing, unparseable or refused stops start-up with the key at
     * fault, because an instance that started without its fleet policy would run on the defaults this is about.
     */
    public void loadInitial() {
        if (configFile.isEmpty()) {
            log.record(new FleetLog.Event(clock.instant(), "config-applied", null,
                    "no dns.fleet.config-file; built-in: " + running.summary()));
            return;
        }
        try {
            String text = Files.readString(configFile.get());
            fileContent = text;
            apply(parseJson(text), "file " + configFile.get());
        } catch (IOException e) {
            throw new IllegalStateException("dns.fleet.config-file: cannot read " + configFile.get() + ": " + e, e);
        } catch (InvalidFleetConfigException e) {
            throw new IllegalStateException("dns.fleet.config-file: " + configFile.get() + ": " + e.getMessage(), e);
        }
    }

    public FleetConfig running() {
        return running;
    }

    /** Whether semantic validation is on now: the running config's {@code validate}, else dns.fleet.validate. */
    public boolean validating() {
        return running.validate().orElse(validateSetting);
    }

    /**
     * Replaces the running config, or throws and keeps it. Syntax is always checked; meaning only while validation is
     * on (the fix). A document is judged by the switch in force before it, never by the one it carries: a config
     * that turns validation off must itself pass while validation is on, so no single change can both disable the
     * check and slip a bad floor past it. Turning the switch, and changing the removal cap, are logged as events of
     * their own.
     */
    public synchronized FleetConfig apply(JsonObject doc, String source) {
        try {
            FleetConfig next = FleetConfig.parse(doc);
            boolean wasValidating = validating();
            if (wasValidating) {
                FleetConfigValidator.check(next, manager.size());
            }
            int previousCap = running.maxRemovalsPerHour();
            running = next;
            log.record(new FleetLog.Event(clock.instant(), "config-applied", null, "from " + source + ": "
                    + next.summary()));
            if (validating() != wasValidating) {
                log.record(new FleetLog.Event(clock.instant(), "validation-switched", null, "from " + source
                        + ": semantic validation " + (validating() ? "on" : "off")
                        + (next.validate().isPresent() ? "" : " (dns.fleet.validate, the config no longer sets it)")));
            }
            if (next.maxRemovalsPerHour() != previousCap) {
                log.record(new FleetLog.Event(clock.instant(), "removal-cap-changed", null, "from " + source + ": "
                        + FleetConfig.MAX_REMOVALS_PER_HOUR + " " + previousCap + " -> " + next.maxRemovalsPerHour()
                        + (next.maxRemovalsPerHour() == 0 ? " (no cap)" : "")));
            }
            return next;
        } catch (InvalidFleetConfigException e) {
            log.record(new FleetLog.Event(clock.instant(), "config-rejected", null, "from " + source + ": "
                    + e.getMessage() + "; still running " + running.summary()));
            throw e;
        }
    }

    /** Passes an accepted change to every peer; returns each peer's HTTP status (0 when it could not be reached). */
    public Map<String, Integer> forward(JsonObject doc) {
        Map<String, Integer> outcome = new LinkedHashMap<>();
        for (HttpPeer peer : peers) {
            outcome.put(peer.name(), peer.forwardConfig(doc, member.name()));
        }
        return outcome;
    }

    /** One round: reload the file if it changed, then the manager's round (which acts only on the manager). */
    public void tick() {
        reloadIfChanged();
        manager.tick(clock.instant());
    }

    private void reloadIfChanged() {
        if (configFile.isEmpty()) {
            return;
        }
        String text;
        try {
            text = Files.readString(configFile.get());
        } catch (NoSuchFileException e) {
            return; // a ConfigMap update swaps a symlink; the file is back on the next round
        } catch (IOException e) {
            LOG.warnf("reading %s: %s", configFile.get(), e.getMessage());
            return;
        }
        if (text.equals(fileContent)) {
            return;
        }
        fileContent = text;
        try {
            apply(parseJson(text), "file " + configFile.get());
        } catch (InvalidFleetConfigException e) {
            // apply() logged it; the running config stays until the file is fixed
        }
    }

    private static JsonObject parseJson(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidFleetConfigException("(document)", "not a JSON object: " + e.getMessage());
        }
    }

    public void start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dns-fleet-" + member.name());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warnf(e, "fleet round failed");
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public MemberState member() {
        return member;
    }

    /** This member's status as peers see it, with a fresh DNS self-query (so call it off the event loop). */
    public MemberStatus selfStatus() {
        return self.status();
    }

    public FleetManager manager() {
        return manager;
    }

    public FleetLog log() {
        return log;
    }

    public Clock clock() {
        return clock;
    }

    /** The overview {@code GET /admin/fleet} shows. */
    public JsonObject toJson() {
        return new JsonObject().put("self", member.name()).put("manager", manager.manager()).put("validate", validating())
                .put("config", running.toJson()).put("effective-min-healthy-hosts", running.effectiveMinHealthyHosts())
                .put("members", manager.lastView().stream().map(MemberStatus::toJson).toList());
    }
}
