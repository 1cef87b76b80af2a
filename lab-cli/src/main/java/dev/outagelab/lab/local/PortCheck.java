package dev.outagelab.lab.local;

import dev.outagelab.lab.topology.Instance;
import dev.outagelab.lab.topology.Ports;
import dev.outagelab.lab.topology.Topology;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Checks ports by binding them, the only reliable test, so `up` can fail fast with a useful message. */
public final class PortCheck {

    private PortCheck() {
    }

    public static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Human-readable list of the ports of the lab that are taken, e.g. "9007 (db-node-east-0 management)". */
    public static List<String> busy(Topology topology, int offset) {
        List<String> busy = new ArrayList<>();
        for (Instance instance : topology.instances()) {
            Ports ports = Ports.of(instance, offset);
            if (!tcpFree(ports.app())) {
                busy.add(ports.app() + " (" + instance.name() + " app)");
            }
            if (!tcpFree(ports.management())) {
                busy.add(ports.management() + " (" + instance.name() + " management)");
            }
            ports.dns().ifPresent(dns -> {
                if (!tcpFree(dns) || !udpFree(dns)) {
                    busy.add(dns + " (" + instance.name() + " dns)");
                }
            });
            ports.raft().ifPresent(raft -> {
                if (!tcpFree(raft)) {
                    busy.add(raft + " (" + instance.name() + " raft)");
                }
            });
        }
        return busy;
    }
}
