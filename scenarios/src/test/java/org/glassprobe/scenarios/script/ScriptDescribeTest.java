package org.glassprobe.scenarios.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.CheckKind;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.junit.jupiter.api.Test;

/** A script as the results API reads it: checked (header, syntax, its Scenario class), not compiled. */
class ScriptDescribeTest {
    private static final CheckLanguage LANGUAGE = CheckLanguage.standard();

    private static Check.Source source(String file, String code) {
        return new Check.Source(file, "/*---\nname: described\ninterval: 30s\nregions: [eu-west]\n---*/\n" + code, "java");
    }

    @Test
    void a_script_using_classes_only_a_probe_has_is_described_but_compiled_only_where_they_are() throws Exception {
        Check.Source source = source("Uses.java", """
                import com.example.onlyonprobes.Helper;
                import org.glassprobe.scenarios.script.*;
                public class Uses implements Scenario {
                    public void run(ScenarioContext ctx) { Helper.go(); }
                }
                """);

        Check described = LANGUAGE.describe(source, FileResolver.bundle(Map.of()));

        assertThat(described.name()).isEqualTo("described");
        assertThat(described.kind()).isEqualTo(CheckKind.SCENARIO);
        assertThat(described.regions()).containsExactly("eu-west");
        ScriptStep step = (ScriptStep) described.steps().get(0);
        assertThat(step.program().className()).isEqualTo("Uses");
        assertThat(step.program().runnable()).isFalse();
        assertThatThrownBy(() -> step.program().newInstance()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checked, not compiled");
        assertThatThrownBy(() -> LANGUAGE.parse(source, FileResolver.bundle(Map.of())))
                .isInstanceOf(InvalidCheckException.class)
                .satisfies(e -> assertThat(((InvalidCheckException) e).problems().get(0).line()).isEqualTo(6));
    }

    @Test
    void a_syntax_error_is_named_with_its_line_as_the_compiler_says_it() {
        Check.Source source = source("Broken.java", """
                import org.glassprobe.scenarios.script.*;
                public class Broken implements Scenario {
                    public void run(ScenarioContext ctx) { int x = ; }
                }
                """);

        assertThatThrownBy(() -> LANGUAGE.describe(source, FileResolver.bundle(Map.of())))
                .isInstanceOf(InvalidCheckException.class)
                .satisfies(e -> {
                    var problem = ((InvalidCheckException) e).problems().get(0);
                    assertThat(problem.file()).isEqualTo("Broken.java");
                    assertThat(problem.line()).isEqualTo(8);
                    assertThat(problem.message()).contains("illegal start of expression");
                });
    }

    @Test
    void a_file_without_a_scenario_class_is_refused_with_what_a_script_looks_like() {
        Check.Source source = source("Plain.java", "public class Plain { }\n");

        assertThatThrownBy(() -> LANGUAGE.describe(source, FileResolver.bundle(Map.of())))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("no public class in the file implements Scenario")
                .hasMessageContaining("public class Name implements Scenario");
    }
}
