import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

public class NoHeader implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
    }
}
