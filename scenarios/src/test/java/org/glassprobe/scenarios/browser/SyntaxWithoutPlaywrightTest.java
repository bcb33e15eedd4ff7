package org.glassprobe.scenarios.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.glassprobe.scenarios.TestChecks;
import org.junit.jupiter.api.Test;

/**
 * The results API reads checks with Playwright (and dnsjava) excluded: the language, every step
 * syntax and the step records must load and read every example without one class of either.
 */
class SyntaxWithoutPlaywrightTest {

    /** Loads glassprobe's classes itself (so their references resolve here) and refuses Playwright's and dnsjava's. */
    private static final class WithoutPlaywright extends ClassLoader {
        final Set<String> refused = ConcurrentHashMap.newKeySet();

        WithoutPlaywright() {
            super(SyntaxWithoutPlaywrightTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("com.microsoft.playwright.") || name.startsWith("org.xbill.DNS.")) {
                refused.add(name);
                throw new ClassNotFoundException(name + " is hidden: the results API has no Playwright nor dnsjava");
            }
            if (!name.startsWith("org.glassprobe.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    @Test
    void every_example_is_read_without_playwright() throws Exception {
        WithoutPlaywright loader = new WithoutPlaywright();
        Class<?> language = loader.loadClass("org.glassprobe.scenarios.CheckLanguage");
        Object standard = language.getMethod("standard").invoke(null);
        Method load = language.getMethod("load", Path.class);
        List<Path> examples;
        try (Stream<Path> files = Files.list(TestChecks.EXAMPLES)) {
            examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).anyMatch(p -> p.getFileName().toString().equals("image-roundtrip-browser.yaml"))
                .anyMatch(p -> p.getFileName().toString().equals("dns.yaml"));

        for (Path example : examples) {
            Object check = load.invoke(standard, example);
            Object steps = check.getClass().getMethod("steps").invoke(check);
            assertThat((List<?>) steps).as(example.toString()).isNotEmpty();
        }

        assertThat(loader.refused).isEmpty();
        assertThat(language.getClassLoader()).isSameAs(loader);
    }

    @Test
    void the_hiding_loader_does_catch_a_class_that_needs_playwright() throws Exception {
        WithoutPlaywright loader = new WithoutPlaywright();

        assertThatThrownBy(() -> Class.forName("org.glassprobe.scenarios.browser.BrowserPool", true, loader)
                .getDeclaredMethods()).isInstanceOf(NoClassDefFoundError.class);
        assertThat(loader.refused).isNotEmpty();

        WithoutPlaywright another = new WithoutPlaywright();
        assertThatThrownBy(() -> Class.forName("org.glassprobe.scenarios.dns.DnsStepExecutor", true, another)
                .getDeclaredMethods()).isInstanceOf(NoClassDefFoundError.class);
        assertThat(another.refused).anyMatch(n -> n.startsWith("org.xbill.DNS."));
    }
}
