package io.recflow.api.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering rules of the modules, checked on the compiled production classes of every module (the api
 * module's test class path holds them all), so that a violation fails {@code ./mvnw verify}.
 */
class ArchitectureTest {

    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

    private static JavaClasses recflow;

    @BeforeAll
    static void importProductionClasses() {
        recflow = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the test jars of other modules (ml's GGUF-writing helpers, the cli's CliRun), for the api's tests,
                // once the build has packaged them
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages("io.recflow");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.recflow.(**)").should().beFreeOfCycles().check(recflow);
    }

    @Test
    void mlDependsOnDjlOnly() {
        classes().that().resideInAPackage("io.recflow.ml..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.recflow.ml..", "java..", "ai.djl..",
                        // DJL's own JSON library, which its api brings
                        "com.google.gson..")
                .check(recflow);
    }

    @Test
    void theContractDependsOnTemporalOnly() {
        classes().that().resideInAPackage("io.recflow.workflows..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.recflow.workflows..", "java..",
                        "io.temporal..",
                        // the payload converter's annotations (Temporal serialises payloads with Jackson)
                        "com.fasterxml.jackson..")
                .check(recflow);
    }

    @Test
    void theDataSetLibraryHasNoPlatformDependencies() {
        classes().that().resideInAPackage("io.recflow.activities.datasets..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.recflow.activities.datasets..",
                        "io.recflow.activities.input..", "io.recflow.ml.data..", "io.recflow.ml.evaluation..", "java..",
                        "com.fasterxml.jackson..")
                .check(recflow);
    }

    @Test
    void theCliIsAnHttpClientOnly() {
        classes().that().resideInAPackage("io.recflow.cli..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.recflow.cli..", "java..", "picocli..",
                        "com.fasterxml.jackson..")
                .check(recflow);
    }

    @Test
    void theBootstrapIsPlainJava() {
        classes().that().resideInAPackage("io.recflow.bootstrap..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.recflow.bootstrap..", "java..")
                .check(recflow);
    }

    /** So that the slim build, which leaves module embedded out, has no class that needs them. */
    @Test
    void onlyTheEmbeddedInfrastructureUsesTheTestServers() {
        noClasses().that().resideOutsideOfPackage("io.recflow.embedded..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zonky..", "org.gaul..",
                        "io.temporal.testserver..", "io.temporal.internal.testservice..")
                .check(recflow);
    }

    @Test
    void nothingDependsOnTheApplication() {
        noClasses().that().resideOutsideOfPackage("io.recflow.api..")
                .should().dependOnClassesThat().resideInAPackage("io.recflow.api..")
                .check(recflow);
    }
}
