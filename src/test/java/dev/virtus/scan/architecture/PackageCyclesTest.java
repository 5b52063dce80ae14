package dev.virtus.scan.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages follow the image's path (event, fetch, decode, preprocess, infer, verdict, tag) and the code
 * around it: no package imports one that imports it back, directly or through others.
 */
class PackageCyclesTest {

    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.virtus.scan");

    @Test
    void should_have_no_package_cycles_when_the_application_is_built() {
        slices().matching("dev.virtus.scan.(*)..").should().beFreeOfCycles().check(APPLICATION);
    }
}
