package org.glassprobe.scenarios.script;

/**
 * A scenario script: one {@code .java} file with one public class implementing this interface,
 * and its check's settings in a {@code /*--- ... ---*}{@code /} YAML header (name, interval,
 * timeout, retries, regions, variables, files). glassprobe compiles it with the JDK's compiler
 * when the check is loaded and makes a new instance for every attempt.
 *
 * <p>Scripts are trusted code: they run inside the probe with the probe's rights (its files, its
 * network, its environment). Only run scripts you would run yourself.
 */
public interface Scenario {
    /**
     * Runs the journey once. Each {@code ctx.step(...)} becomes a step of the result; an exception
     * that escapes a step fails it (and the attempt); one thrown between steps fails the attempt in
     * a step named after the class.
     */
    void run(ScenarioContext ctx) throws Exception;
}
