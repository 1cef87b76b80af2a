package dev.outagelab.dbnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.binlog.BinlogEvent;
import dev.outagelab.kit.gtid.Gtid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamProtocolTest {

    private static final UUID SERVER = UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    @Test
    void eventsAndHeartbeatsRoundTripAndTheEndIsAnEof() throws IOException {
        BinlogEvent put = BinlogEvent.put(new Gtid(SERVER, 7), 1_700_000_000_000L, "a/b", bytes("v\u00e9"));
        BinlogEvent delete = BinlogEvent.delete(new Gtid(SERVER, 8), 1_700_000_000_001L, "a/b");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        StreamProtocol.writeEvent(out, put);
        StreamProtocol.writeHeartbeat(out, 42, 1234);
        StreamProtocol.writeEvent(out, delete);

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.toByteArray()));

        assertEquals(new StreamProtocol.Event(put), StreamProtocol.read(in));
        assertEquals(new StreamProtocol.Heartbeat(42, 1234), StreamProtocol.read(in));
        assertEquals(new StreamProtocol.Event(delete), StreamProtocol.read(in));
        assertThrows(EOFException.class, () -> StreamProtocol.read(in));
    }

    @Test
    void aFlippedByteIsCaughtByTheChecksum() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StreamProtocol.writeEvent(new DataOutputStream(buffer),
                BinlogEvent.put(new Gtid(SERVER, 1), 1L, "key", bytes("value")));
        byte[] bytes = buffer.toByteArray();
        bytes[bytes.length - 1] ^= 0x01;

        IOException damaged = assertThrows(IOException.class,
                () -> StreamProtocol.read(new DataInputStream(new ByteArrayInputStream(bytes))));
        assertTrue(damaged.getMessage().contains("CRC32C"), damaged.getMessage());
    }

    @Test
    void anUnknownRecordTypeIsRefused() {
        IOException unknown = assertThrows(IOException.class,
                () -> StreamProtocol.read(new DataInputStream(new ByteArrayInputStream(new byte[] {'X'}))));
        assertTrue(unknown.getMessage().contains("unknown record type"), unknown.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
