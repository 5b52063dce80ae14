package dev.virtus.scan.service;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The GPU build's packages: the shared ones and the service's own, none importing one that imports it back. */
class ServicePackageCyclesTest {

    private static final JavaClasses SERVICE_BUILD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.virtus.scan");

    @Test
    void should_have_no_package_cycles_when_the_service_is_built() {
        slices().matching("dev.virtus.scan.(*)..").should().beFreeOfCycles().check(SERVICE_BUILD);
    }

    @Test
    void should_have_no_cycles_between_the_service_packages() {
        slices().matching("dev.virtus.scan.service.(*)..").should().beFreeOfCycles().check(SERVICE_BUILD);
    }
}
