/*---
name: steps in header
steps:
  - goto: http://127.0.0.1:8081/
---*/
import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

public class StepsInHeader implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
    }
}
