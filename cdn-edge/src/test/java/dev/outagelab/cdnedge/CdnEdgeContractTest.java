package dev.outagelab.cdnedge;

import dev.outagelab.kit.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CdnEdgeContractTest extends ServiceContractTest {

    @Override
    protected String component() {
        return "cdn-edge";
    }
}
