package io.parley.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Only the gateway knows sockets: features publish deliveries and build protocol types, so that
 * the gateway can route frames between nodes without any feature noticing.
 */
class GatewayBoundaryTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.parley");

    @Test
    void nothingOutsideTheGatewayDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("io.parley.gateway..")
                .should().dependOnClassesThat().resideInAPackage("io.parley.gateway..")
                .check(SERVER);
    }

    @Test
    void nothingOutsideTheGatewayTouchesSockets() {
        noClasses().that().resideOutsideOfPackage("io.parley.gateway..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web.socket..", "jakarta.websocket..")
                .check(SERVER);
    }
}
