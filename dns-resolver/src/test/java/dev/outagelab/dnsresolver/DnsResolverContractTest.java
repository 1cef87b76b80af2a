package dev.outagelab.dnsresolver;

import dev.outagelab.kit.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DnsResolverContractTest extends ServiceContractTest {

    @Override
    protected String component() {
        return "dns-resolver";
    }
}
