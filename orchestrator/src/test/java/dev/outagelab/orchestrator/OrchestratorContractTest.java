package dev.outagelab.orchestrator;

import dev.outagelab.kit.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrchestratorContractTest extends ServiceContractTest {

    @Override
    protected String component() {
        return "orchestrator";
    }
}
