package dev.outagelab.cdnedge.service;

/** A service config that is serving traffic, with its version number. */
public record ActiveService(ServiceConfig config, int version) {
}
