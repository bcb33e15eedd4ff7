/*---
name: no scenario
---*/
public class NoScenarioClass {
    public void run() {
    }
}
