package dev.outagelab.orchestrator;

import dev.outagelab.kit.testing.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(OrchestratorTestResource.class)
class OrchestratorContractTest extends ServiceContractTest {

    @Override
    protected String component() {
        return "orchestrator";
    }
}
