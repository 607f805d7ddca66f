package org.lstmlab.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The module org.lstmlab.core exports the API and nothing else, and the API does not hand out a
 * kernel type: the descriptor as compiled, and every public signature of the exported packages.
 */
class ModuleDescriptorTest {

  private static final String KERNEL = "org.lstmlab.core.kernel";

  private static final Set<String> API = Set.of(
      "org.lstmlab.core.data", "org.lstmlab.core.forecast", "org.lstmlab.core.lags",
      "org.lstmlab.core.loss", "org.lstmlab.core.metrics", "org.lstmlab.core.nn",
      "org.lstmlab.core.optim", "org.lstmlab.core.text", "org.lstmlab.core.train");

  private static ModuleDescriptor descriptor() throws IOException {
    try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  /** The main classes' directory (or jar's root), wherever the build put it. */
  private static Path classes() {
    try {
      return Path.of(SequenceModel.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void descriptor_exportsTheApiOnly_unqualified() throws IOException {
    ModuleDescriptor d = descriptor();
    assertThat(d.name()).isEqualTo("org.lstmlab.core");
    assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet())).isEqualTo(API);
    assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.source()).isFalse());
    assertThat(Files.isDirectory(classes().resolve(KERNEL.replace('.', '/')))).isTrue();
    assertThat(d.opens()).isEmpty();
  }

  @Test
  void descriptor_vectorModuleOptionalAtRunTime() throws IOException {
    ModuleDescriptor.Requires vector = descriptor().requires().stream()
        .filter(r -> r.name().equals("jdk.incubator.vector")).findFirst().orElseThrow();
    assertThat(vector.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC);
    // Nothing else but java.base: the core has no runtime dependency.
    assertThat(descriptor().requires().stream().map(ModuleDescriptor.Requires::name))
        .containsExactlyInAnyOrder("java.base", "jdk.incubator.vector");
  }

  @Test
  void exportedSignatures_nameNoKernelType() throws Exception {
    Path root = classes();
    List<String> leaks = new ArrayList<>();
    for (String pkg : new TreeSet<>(API)) {
      Path dir = root.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
          String name = pkg + "." + f.getFileName().toString().replace(".class", "");
          Class<?> c = Class.forName(name, false, getClass().getClassLoader());
          if (!isVisible(c)) {
            continue;
          }
          for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic()) {
              check(leaks, m.toGenericString(), m.getGenericReturnType());
              checkAll(leaks, m);
            }
          }
          for (var k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers())) {
              checkAll(leaks, k);
            }
          }
          for (Field fd : c.getDeclaredFields()) {
            if (visible(fd.getModifiers())) {
              check(leaks, fd.toGenericString(), fd.getGenericType());
            }
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
    // The check itself sees a kernel type where there is one.
    List<String> control = new ArrayList<>();
    Method matMul = Class.forName(KERNEL + ".Kernels").getMethod("matMul");
    check(control, matMul.toGenericString(), matMul.getGenericReturnType());
    assertThat(control).hasSize(1);
  }

  private static boolean isVisible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!visible(k.getModifiers())) {
        return false;
      }
    }
    return !c.isSynthetic() && !c.isAnonymousClass();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkAll(List<String> leaks, Executable e) {
    for (Type t : e.getGenericParameterTypes()) {
      check(leaks, e.toGenericString(), t);
    }
  }

  private static void check(List<String> leaks, String where, Type t) {
    if (t.getTypeName().contains(KERNEL + ".")) {
      leaks.add(where);
    }
  }
}
