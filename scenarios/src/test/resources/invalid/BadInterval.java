/*---
name: bad interval
interval: every minute
---*/
import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

public class BadInterval implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
    }
}
