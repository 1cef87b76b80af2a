package dev.outagelab.lab.local;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the user asked for an instance; the supervisor only restarts instances that should be running. */
public enum Desired {
    @JsonProperty("running") RUNNING,
    @JsonProperty("stopped") STOPPED
}
