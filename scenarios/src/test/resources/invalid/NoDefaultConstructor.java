/*---
name: no default constructor
---*/
import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

public class NoDefaultConstructor implements Scenario {
    private final String target;

    public NoDefaultConstructor(String target) {
        this.target = target;
    }

    @Override
    public void run(ScenarioContext ctx) {
        ctx.var(target);
    }
}
