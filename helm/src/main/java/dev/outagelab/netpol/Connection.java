package dev.outagelab.netpol;

/**
 * A connection attempt as the network sees it after Service translation: the destination is a pod
 * (or an outside address) and {@code port} is the port it listens on, not the Service's port.
 */
public record Connection(Endpoint source, Endpoint destination, int port, Protocol protocol) {

    public Connection {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static Connection tcp(Endpoint source, Endpoint destination, int port) {
        return new Connection(source, destination, port, Protocol.TCP);
    }

    public static Connection udp(Endpoint source, Endpoint destination, int port) {
        return new Connection(source, destination, port, Protocol.UDP);
    }

    @Override
    public String toString() {
        return source.displayName() + " -> " + destination.displayName() + ":" + port + "/" + protocol;
    }
}
