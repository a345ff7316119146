package dev.shift.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statement pipeline's stages only call downward: plan (sql) → route → execute → merge, over mapping and the
 * error vocabulary. Each rule names the packages a stage must not reach, so a change that makes a stage call back
 * up (a plan doing I/O, the merge stage reading DynamoDB, the engine speaking HTTP) fails here with the offending class.
 */
class ArchitectureTest {
    private static final String AGENT = "dev.shift.agent.";
    private static final java.util.Set<String> STAGES = java.util.Set.of("sql", "item", "merge", "mapping", "collation", "execute",
            "dynamo", "route", "jdbc", "errors");
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.shift.agent");
    }

    private static String[] agent(String... packages) {
        String[] out = new String[packages.length];
        for (int i = 0; i < packages.length; i++) {
            out[i] = AGENT + packages[i] + "..";
        }
        return out;
    }

    @Test
    void theMergeStageIsPureJava() {
        noClasses().that().resideInAPackage(AGENT + "merge..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", AGENT + "merge..", AGENT + "collation..")
                .because("the merge stage evaluates rows in memory: no I/O, no parser, no SDK types")
                .check(classes);
    }

    @Test
    void theMappingKnowsNoStage() {
        noClasses().that().resideInAPackage(AGENT + "mapping..")
                .should().dependOnClassesThat().resideInAnyPackage(agent("sql", "merge", "execute", "route", "dynamo",
                        "jdbc", "install", "runtime", "backfill", "outbox", "validation", "jobs", "cli"))
                .because("rows and items are data every stage uses, not the other way round")
                .check(classes);
    }

    @Test
    void plansNeverExecuteNorRoute() {
        noClasses().that().resideInAPackage(AGENT + "sql..")
                .should().dependOnClassesThat().resideInAnyPackage(agent("dynamo", "execute", "route", "jdbc", "install",
                        "runtime", "backfill", "outbox", "validation", "jobs", "cli"))
                .because("a plan is data: what it reads and writes, never how; where a statement goes and how it "
                        + "runs are later stages")
                .check(classes);
    }

    @Test
    void itemsAreData() {
        noClasses().that().resideInAPackage(AGENT + "item..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", AGENT + "item..",
                        "software.amazon.awssdk.services.dynamodb.model..")
                .because("keys, reads, writes and conditions are the data stages hand each other, not I/O")
                .check(classes);
    }

    @Test
    void theStagesHaveNoCycle() {
        slices().matching("dev.shift.agent.(*)..").that(new DescribedPredicate<>("a stage of the statement pipeline") {
                    @Override
                    public boolean test(Slice slice) {
                        return STAGES.contains(slice.getNamePart(1));
                    }
                })
                .should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void executionNeverRoutes() {
        noClasses().that().resideInAPackage(AGENT + "execute..")
                .should().dependOnClassesThat().resideInAnyPackage(agent("route", "jdbc", "install", "runtime",
                        "validation", "jobs", "cli"))
                .check(classes);
    }

    @Test
    void theEngineSpeaksNoHttpAndOnlyTheInstallerUsesByteBuddy() {
        noClasses().that().resideInAPackage("dev.shift.agent..").and().resideOutsideOfPackage(AGENT + "runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("io.undertow..", "dev.shift.admin..")
                .because("the migration model is shift-core; only the runtime wires the admin port")
                .check(classes);
        noClasses().that().resideOutsideOfPackages(AGENT + "install..", AGENT + "jdbc..")
                .and().resideInAPackage("dev.shift.agent..")
                .should().dependOnClassesThat().resideInAPackage("net.bytebuddy..")
                .because("Byte Buddy advice stays thin, in the installer; the logic is plain classes")
                .check(classes);
    }
}
