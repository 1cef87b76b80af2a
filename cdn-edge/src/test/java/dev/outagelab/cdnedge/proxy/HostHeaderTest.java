package dev.outagelab.cdnedge.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written Host check accepts what DNS names allow and nothing else. */
class HostHeaderTest {

    @ParameterizedTest
    @CsvSource({
        "news.lab, news.lab",
        "News.LAB, news.lab",
        "news.lab:8080, news.lab",
        "news.lab., news.lab",
        "' news.lab ', news.lab",
        "a-b.c_d.lab, a-b.c_d.lab",
        "localhost:1, localhost",
    })
    void acceptsAndNormalises(String header, String host) {
        assertEquals(Optional.of(host), HostHeader.parse(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":80", "news.lab:", "news.lab:123456", "news.lab:8o", "-news.lab", "news-.lab",
        "news..lab", ".news.lab", "news lab", "news.lab/x", "[::1]:80", "ne\u00e9ws.lab", "a.b:1:2"})
    void refusesMalformed(String header) {
        assertEquals(Optional.empty(), HostHeader.parse(header));
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 64})
    void boundsLabelLength(int length) {
        String host = "a".repeat(length) + ".lab";
        assertEquals(length <= 63, HostHeader.parse(host).isPresent());
    }
}
