package dev.outagelab.dbnode;

import dev.outagelab.kit.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DbNodeContractTest extends ServiceContractTest {

    @Override
    protected String component() {
        return "db-node";
    }
}
