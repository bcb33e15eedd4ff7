/*---
name: missing file
files:
  - images/missing.png
---*/
import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

public class MissingFile implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
    }
}
