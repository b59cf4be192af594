// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the public surface of the library modules (STYLE 2): which packages each module offers, that implementations
 * stay in {@code internal} packages, and that no public signature leaks an internal type. {@code mlops-api} pins its
 * own exports with {@code module-info.java}; the other modules are automatic modules, so this test is their guard.
 */
class PublicApiTest {
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "mlops-api", Set.of("dev.mlops.api", "dev.mlops.api.adequacy", "dev.mlops.api.job",
                    "dev.mlops.api.spec", "dev.mlops.api.tensor", "dev.mlops.api.version"),
            "mlops-metadata", Set.of("dev.mlops.metadata", "dev.mlops.metadata.bundle", "dev.mlops.metadata.cases"),
            "mlops-runtime", Set.of("dev.mlops.runtime", "dev.mlops.runtime.batching", "dev.mlops.runtime.delivery",
                    "dev.mlops.runtime.repository", "dev.mlops.runtime.selection", "dev.mlops.runtime.serving"),
            "mlops-testkit-core", Set.of("dev.mlops.testkit.data", "dev.mlops.testkit.gen",
                    "dev.mlops.testkit.models"),
            "mlops-testkit", Set.of("dev.mlops.testkit", "dev.mlops.testkit.junit"));

    /** Module name to the names of the classes it ships. */
    static final Map<String, List<String>> CLASSES = new TreeMap<>();

    @BeforeAll
    static void scanClassPath() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String module = moduleOf(p);
            if (module != null && Files.exists(p)) {
                CLASSES.put(module, classesIn(p));
            }
        }
        CLASSES.put("mlops-testkit", classesIn(Path.of("target", "classes")));
    }

    /** The library module an entry of the class path belongs to: {@code .../mlops-x/target/classes} or a jar. */
    static String moduleOf(Path entry) {
        String name = entry.getFileName().toString();
        for (String module : EXPECTED.keySet()) {
            boolean dir = name.equals("classes") && entry.getParent() != null
                    && entry.getParent().getParent() != null
                    && entry.getParent().getParent().getFileName().toString().equals(module);
            boolean jar = name.matches(java.util.regex.Pattern.quote(module) + "-\\d.*\\.jar")
                    && !name.contains("-tests");
            if (dir || jar) {
                return module;
            }
        }
        return null;
    }

    static List<String> classesIn(Path entry) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.map(f -> entry.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                            .filter(PublicApiTest::isClassFile).forEach(f -> names.add(className(f)));
                }
            } else {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(PublicApiTest::isClassFile)
                            .forEach(f -> names.add(className(f)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static boolean isClassFile(String path) {
        return path.startsWith("dev/mlops/") && path.endsWith(".class") && !path.endsWith("package-info.class");
    }

    static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " is listed but cannot be loaded", e);
        }
    }

    @Test
    void everyLibraryModuleIsOnTheClassPath() {
        assertThat(CLASSES.keySet()).isEqualTo(new TreeSet<>(EXPECTED.keySet()));
    }

    @Test
    void eachModuleOffersExactlyItsPinnedPackages_implementationsLiveInInternal() {
        for (var module : CLASSES.entrySet()) {
            Set<String> offered = new TreeSet<>();
            for (String name : module.getValue()) {
                Class<?> c = load(name);
                if (Modifier.isPublic(c.getModifiers()) && !c.getPackageName().contains(".internal")) {
                    offered.add(c.getPackageName());
                }
            }
            assertThat(offered).as("public packages of %s", module.getKey())
                    .isEqualTo(new TreeSet<>(EXPECTED.get(module.getKey())));
        }
    }

    @Test
    void noPublicSignatureNamesAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (var module : CLASSES.entrySet()) {
            for (String name : module.getValue()) {
                Class<?> c = load(name);
                if (!isVisible(c) || isInternal(c)) {
                    continue;
                }
                List<Type> types = new ArrayList<>();
                types.add(c.getGenericSuperclass());
                types.addAll(Arrays.asList(c.getGenericInterfaces()));
                types.addAll(Arrays.asList(c.getTypeParameters()));
                for (Field f : c.getFields()) { // public, inherited ones included
                    types.add(f.getGenericType());
                }
                List<Executable> members = new ArrayList<>(Arrays.asList(c.getMethods())); // inherited too
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isProtected(m.getModifiers())) {
                        members.add(m);
                    }
                }
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (isVisible(k.getModifiers())) {
                        members.add(k);
                    }
                }
                for (Executable m : members) {
                    if (m.isSynthetic()) {
                        continue;
                    }
                    types.addAll(Arrays.asList(m.getGenericParameterTypes()));
                    types.addAll(Arrays.asList(m.getGenericExceptionTypes()));
                    types.addAll(Arrays.asList(m.getTypeParameters()));
                    if (m instanceof Method method) {
                        types.add(method.getGenericReturnType());
                    }
                }
                for (Type t : types) {
                    for (Class<?> named : classesIn(t, new java.util.HashSet<>())) {
                        if (isInternal(named) || isForeignImplementation(named.getName())) {
                            leaks.add(c.getName() + " exposes " + named.getName() + " (in " + t.getTypeName() + ")");
                        }
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    /**
     * The libraries the SDK is built on, which its users must not have to compile against: ONNX Runtime (a session or
     * tensor in a signature would let a caller close it under the runtime), Jackson and Jakarta Validation (their
     * versions are the SDK's business).
     */
    static boolean isForeignImplementation(String n) {
        return n.startsWith("ai.onnxruntime.") || n.startsWith("com.fasterxml.") || n.startsWith("jakarta.");
    }

    @Test
    void foreignImplementationTypesAreRecognised() {
        assertThat(isForeignImplementation("ai.onnxruntime.OrtSession")).isTrue();
        assertThat(isForeignImplementation("com.fasterxml.jackson.databind.JsonNode")).isTrue();
        assertThat(isForeignImplementation("jakarta.validation.Validator")).isTrue();
        assertThat(isForeignImplementation(dev.mlops.api.tensor.Tensor.class.getName())).isFalse();
    }

    @Test
    void publicTypesAreInterfacesRecordsEnumsOrFinalClasses_exceptionsExcepted() {
        List<String> open = new ArrayList<>();
        for (var module : CLASSES.entrySet()) {
            for (String name : module.getValue()) {
                Class<?> c = load(name);
                boolean closed = c.isInterface() || c.isRecord() || c.isEnum() || c.isAnnotation()
                        || Modifier.isFinal(c.getModifiers()) || c.isSealed();
                if (isVisible(c) && !isInternal(c) && !closed && !Throwable.class.isAssignableFrom(c)) {
                    open.add(c.getName());
                }
            }
        }
        assertThat(open).as("public classes that can be subclassed (STYLE 3)").isEmpty();
    }

    /** A control for {@link #classesIn}: the tensor type sits under a map, a list, a wildcard and an array. */
    static Map<String, List<? extends java.util.concurrent.Callable<dev.mlops.api.tensor.Tensor[]>>> nested;

    @Test
    void typeWalkFindsClassesNestedInGenericsWildcardsAndArrays() throws Exception {
        Type t = PublicApiTest.class.getDeclaredField("nested").getGenericType();
        assertThat(classesIn(t, new java.util.HashSet<>())).contains(dev.mlops.api.tensor.Tensor.class,
                java.util.concurrent.Callable.class, List.class, Map.class, String.class);
    }

    static boolean isInternal(Class<?> c) {
        return c.getPackageName().contains(".internal");
    }

    /** Every class a type names: its raw class, type arguments, bounds and array components, recursively. */
    static Set<Class<?>> classesIn(Type t, Set<Type> seen) {
        Set<Class<?>> out = new java.util.HashSet<>();
        if (t == null || !seen.add(t)) {
            return out;
        }
        if (t instanceof Class<?> k) {
            out.add(k.isArray() ? k.getComponentType() : k);
        } else if (t instanceof java.lang.reflect.ParameterizedType p) {
            out.addAll(classesIn(p.getRawType(), seen));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(classesIn(a, seen));
            }
        } else if (t instanceof java.lang.reflect.WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                out.addAll(classesIn(b, seen));
            }
            for (Type b : w.getLowerBounds()) {
                out.addAll(classesIn(b, seen));
            }
        } else if (t instanceof java.lang.reflect.TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                out.addAll(classesIn(b, seen));
            }
        } else if (t instanceof java.lang.reflect.GenericArrayType a) {
            out.addAll(classesIn(a.getGenericComponentType(), seen));
        }
        return out;
    }

    /** Whether a caller outside the package can see the class: public, and each enclosing class public too. */
    static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
