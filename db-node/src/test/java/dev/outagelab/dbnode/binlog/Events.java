package dev.outagelab.dbnode.binlog;

import dev.outagelab.kit.gtid.Gtid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds recognisable events for binlog tests. */
final class Events {

    static final UUID SERVER = UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    private Events() {
    }

    static BinlogEvent put(long seq) {
        return BinlogEvent.put(new Gtid(SERVER, seq), 1_537_500_000_000L + seq, "key-" + seq,
                ("value-" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static List<BinlogEvent> puts(long first, long last) {
        List<BinlogEvent> events = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            events.add(put(seq));
        }
        return events;
    }

    static List<BinlogEvent> readAll(Binlog binlog) {
        List<BinlogEvent> events = new ArrayList<>();
        binlog.forEachEvent(logged -> events.add(logged.event()));
        return events;
    }
}
