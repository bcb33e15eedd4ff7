import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

/*---
name: unclosed
*/
public class UnclosedHeader implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
    }
}
