package org.glassprobe.scenarios.script;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What a script's code says about itself, read from its syntax tree without compiling it: the
 * variables it reads with {@code var("name")} (each with its line), and whether it ever asks for
 * the browser ({@code page()} or {@code checkDisplayedImage(...)}). Both are read the same way on
 * the probe and in the results API, so a wrong variable name is an error in the file everywhere.
 *
 * @param variables   each {@code var("...")} call with a literal name, in order
 * @param usesBrowser whether the code calls {@code page()} or {@code checkDisplayedImage}
 */
record ScriptScan(List<VariableRead> variables, boolean usesBrowser) {

    /** A {@code var("name")} call and the line it is on. */
    record VariableRead(String name, int line) {}

    ScriptScan {
        variables = List.copyOf(variables);
    }

    /** Scans the script; a script javac cannot even parse is reported by the compile that follows. */
    static ScriptScan of(String fileName, String text) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return new ScriptScan(List.of(), true); // no compiler: compiling says so; assume a browser
        }
        List<VariableRead> reads = new ArrayList<>();
        boolean[] browser = {false};
        try (StandardJavaFileManager files = javac.getStandardFileManager(d -> { }, Locale.ENGLISH,
                StandardCharsets.UTF_8)) {
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + fileName),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            };
            JavacTask task = (JavacTask) javac.getTask(new StringWriter(), files, d -> { },
                    List.of("-proc:none"), null, List.of(unit));
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree tree : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
                        String method = call.getMethodSelect() instanceof MemberSelectTree select
                                ? select.getIdentifier().toString() : call.getMethodSelect().toString();
                        if (method.equals("page") && call.getArguments().isEmpty()
                                || method.equals("checkDisplayedImage")) {
                            browser[0] = true;
                        }
                        if (method.equals("var") && call.getArguments().size() == 1
                                && call.getArguments().get(0) instanceof LiteralTree literal
                                && literal.getValue() instanceof String name) {
                            long at = positions.getStartPosition(tree, call);
                            reads.add(new VariableRead(name, (int) tree.getLineMap().getLineNumber(at)));
                        }
                        return super.visitMethodInvocation(call, unused);
                    }
                }.scan(tree, null);
            }
        } catch (IOException | RuntimeException e) {
            return new ScriptScan(List.of(), true); // what compiling finds is reported there
        }
        return new ScriptScan(reads, browser[0]);
    }
}
