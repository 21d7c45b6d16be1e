package org.epigrid;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layout rules of CONVENTIONS.md that the compiler does not check: controllers read
 * like the schema and hold no SQL (it lives in the feature's Queries, Repository and
 * Service classes), and the generated jOOQ records never leave the classes that run SQL.
 */
class ArchitectureTests {

	private static final String RECORDS = "org.epigrid.jooq.tables.records";

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.epigrid");

	@Test
	void controllersHoldNoSql() {
		noClasses().that()
			.areAnnotatedWith(Controller.class)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.epigrid.jooq..", "org.jooq..")
			.because("SQL lives in the feature's Queries, Repository and Service classes")
			.check(MAIN);
	}

	@Test
	void generatedRecordsStayInTheClassesThatRunSql() {
		DescribedPredicate<JavaClass> usingRecords = DescribedPredicate.describe("use generated jOOQ records",
				(type) -> !type.getPackageName().startsWith("org.epigrid.jooq")
						&& type.getDirectDependenciesFromSelf().stream().anyMatch(ArchitectureTests::onRecord));
		ArchCondition<JavaClass> runSql = new ArchCondition<>("run SQL themselves (hold a DSLContext)") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean sql = type.getDirectDependenciesFromSelf()
					.stream()
					.anyMatch((dependency) -> dependency.getTargetClass().isEquivalentTo(DSLContext.class));
				if (!sql) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + " uses generated records but runs no SQL: hand it a feature record"));
				}
			}
		};
		classes().that(usingRecords)
			.should(runSql)
			.because("feature code works with records named like the GraphQL types")
			.check(MAIN);
	}

	private static boolean onRecord(Dependency dependency) {
		return dependency.getTargetClass().getPackageName().equals(RECORDS);
	}

}
