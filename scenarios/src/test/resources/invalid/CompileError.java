/*---
name: compile error
---*/
import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

public class CompileError implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
        ctx.step("open", () -> ctx.page().navigat("http://127.0.0.1:8081/"));
    }
}
