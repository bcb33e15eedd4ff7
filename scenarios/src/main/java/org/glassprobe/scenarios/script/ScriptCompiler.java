package org.glassprobe.scenarios.script;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.parse.Problem;

/**
 * Compiles a scenario script in memory with the JDK's own compiler, against the probe's classes
 * (glassprobe's script API, Playwright, OkHttp). Compiler errors become problems of the check file
 * with their line, column and the compiler's message. Nothing of the script runs here: its class
 * is loaded, not initialised.
 */
final class ScriptCompiler {
    /** Classes whose jars a script is compiled against, besides the JDK: looked up by name, so none is required. */
    private static final List<String> API = List.of("org.glassprobe.scenarios.script.Scenario", "okhttp3.OkHttpClient",
            "okio.Buffer", "kotlin.Unit", "com.microsoft.playwright.Page", "com.google.gson.Gson",
            "org.slf4j.Logger");

    private ScriptCompiler() {}

    static CompiledScript compile(Check.Source source) throws InvalidCheckException {
        JavaCompiler javac = javac(source, "compiles", "the probe");
        String fileName = Path.of(source.file()).getFileName().toString();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ENGLISH,
                StandardCharsets.UTF_8);
        Map<String, byte[]> classes = new ConcurrentHashMap<>();
        try (InMemory files = new InMemory(standard, classes)) {
            standard.setLocation(StandardLocation.CLASS_PATH, classpath());
            List<String> options = List.of("-proc:none", "-g", "-encoding", "UTF-8", "-nowarn", "-Xlint:none");
            JavaFileObject unit = new Source(fileName, source.text());
            StringWriter other = new StringWriter();
            boolean ok = javac.getTask(other, files, diagnostics, options, null, List.of(unit)).call();
            List<Problem> problems = errors(source, diagnostics);
            if (!ok || !problems.isEmpty()) {
                if (problems.isEmpty()) {
                    problems.add(new Problem(source.file(), 0, 0, "", "the compiler refused the script: "
                            + other.toString().strip()));
                }
                throw new InvalidCheckException(problems);
            }
        } catch (IOException e) {
            throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", "cannot compile the script: "
                    + e.getMessage()));
        }
        return scenarioClass(source, classes);
    }

    /**
     * Checks a script without compiling it against any classes: its syntax (javac's own parser and
     * messages) and that exactly one public top-level class implements {@code Scenario}. This is
     * what the results API can know of a script: a probe compiles it against its own classes
     * (Playwright among them), and reports there what only compiling finds.
     */
    static CompiledScript check(Check.Source source) throws InvalidCheckException {
        JavaCompiler javac = javac(source, "checks", "it");
        String fileName = Path.of(source.file()).getFileName().toString();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> found = new ArrayList<>();
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ENGLISH,
                StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(new StringWriter(), standard, diagnostics,
                    List.of("-proc:none", "-encoding", "UTF-8"), null, List.of(new Source(fileName, source.text())));
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree c && c.getModifiers().getFlags().contains(
                            javax.lang.model.element.Modifier.PUBLIC) && c.getImplementsClause().stream()
                            .map(Object::toString).anyMatch(i -> i.equals("Scenario") || i.endsWith(".Scenario"))) {
                        found.add(pkg + c.getSimpleName());
                    }
                }
            }
        } catch (IOException e) {
            throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", "cannot check the script: "
                    + e.getMessage()));
        }
        List<Problem> problems = errors(source, diagnostics);
        if (!problems.isEmpty()) {
            throw new InvalidCheckException(problems);
        }
        requireOne(source, found, "Scenario");
        return CompiledScript.checked(found.get(0));
    }

    /** The JDK's compiler, or a problem saying this Java has none. */
    private static JavaCompiler javac(Check.Source source, String does, String runWhat)
            throws InvalidCheckException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", "glassprobe " + does + " scenario"
                    + " scripts with the JDK's compiler, and this Java (" + System.getProperty("java.home")
                    + ") has none; run " + runWhat + " on a JDK 17 or later"));
        }
        return javac;
    }

    /** The compiler's errors as problems of the check file, with their lines and columns. */
    private static List<Problem> errors(Check.Source source, DiagnosticCollector<JavaFileObject> diagnostics) {
        List<Problem> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                problems.add(new Problem(source.file(), (int) Math.max(0, d.getLineNumber()),
                        (int) Math.max(0, d.getColumnNumber()), "", message(d)));
            }
        }
        return problems;
    }

    /** Exactly one public class implements Scenario, or a problem that shows what a script looks like. */
    private static void requireOne(Check.Source source, List<String> found, String scenario)
            throws InvalidCheckException {
        if (found.size() != 1) {
            throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", (found.isEmpty()
                    ? "no public class in the file implements " + scenario
                    : "several public classes implement Scenario (" + String.join(", ", found) + ")")
                    + "; a script has exactly one: public class Name implements Scenario { public void"
                    + " run(ScenarioContext ctx) { ... } }"));
        }
    }

    /** The compiler's message on one line: its first line, then its details in parentheses. */
    private static String message(Diagnostic<? extends JavaFileObject> d) {
        List<String> lines = d.getMessage(Locale.ENGLISH).lines().map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty()).toList();
        if (lines.size() <= 1) {
            return lines.isEmpty() ? d.getCode() : lines.get(0);
        }
        return lines.get(0) + " (" + String.join(", ", lines.subList(1, lines.size())) + ")";
    }

    /** The one public top-level class implementing Scenario, with a public constructor without parameters. */
    private static CompiledScript scenarioClass(Check.Source source, Map<String, byte[]> classes)
            throws InvalidCheckException {
        List<String> found = new ArrayList<>();
        CompiledScript.ScriptClassLoader probe = new CompiledScript.ScriptClassLoader(classes);
        for (String name : classes.keySet()) {
            if (name.contains("$")) {
                continue;
            }
            try {
                Class<?> c = Class.forName(name, false, probe);
                if (Scenario.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
                        && !Modifier.isAbstract(c.getModifiers())) {
                    found.add(name);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", "the compiled script cannot be"
                        + " loaded: " + e));
            }
        }
        requireOne(source, found, Scenario.class.getName());
        try {
            CompiledScript script = CompiledScript.load(found.get(0), classes);
            Class.forName(found.get(0), false, probe).getConstructor();
            return script;
        } catch (NoSuchMethodException e) {
            throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", found.get(0) + " needs a public"
                    + " constructor without parameters: glassprobe makes a new one for every attempt"));
        } catch (ClassNotFoundException | LinkageError e) {
            throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", "the compiled script cannot be"
                    + " loaded: " + e));
        }
    }

    /** The probe's class path: its own entries, and the jars (or folders) the script API comes from. */
    private static List<File> classpath() {
        Set<File> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(new File(entry));
            }
        }
        for (String name : API) {
            try {
                CodeSource code = Class.forName(name, false, ScriptCompiler.class.getClassLoader())
                        .getProtectionDomain().getCodeSource();
                if (code != null && code.getLocation() != null) {
                    Path path = Path.of(code.getLocation().toURI());
                    if (Files.exists(path)) {
                        entries.add(path.toFile());
                    }
                }
            } catch (ClassNotFoundException | URISyntaxException | SecurityException | LinkageError e) {
                // not on this class path (the results API has no Playwright): scripts that use it will not compile
            }
        }
        return List.copyOf(entries);
    }

    /** The script's text, under its file name (javac checks that a public class matches it). */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String fileName, String text) {
            super(URI.create("string:///" + fileName.replace(' ', '_')), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Keeps the compiled classes in memory. */
    private static final class InMemory extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;

        InMemory(StandardJavaFileManager standard, Map<String, byte[]> classes) {
            super(standard);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                    kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
