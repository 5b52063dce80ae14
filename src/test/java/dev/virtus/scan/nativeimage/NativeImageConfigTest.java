package dev.virtus.scan.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Guards the native-image configuration, which no build here exercises (no GraalVM on this machine): each
 * registration ONNX Runtime's JNI code and image I/O need must be present, and the run-time initialisation too.
 */
class NativeImageConfigTest {

    private static final String CONFIG = "META-INF/native-image/dev.virtus/virtus-scan/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Source of truth: the classes and constructors ONNX Runtime's C code looks up with FindClass / GetMethodID
     * (microsoft/onnxruntime java/src/main/native/OrtJniUtil.c: throwOrtException, convertTo{Tensor,Map,Sequence}Info,
     * createJava{Tensor,SparseTensor,Sequence,Map}FromONNX, createStringArrayFromTensor, convertOrtValueToONNXValue;
     * ai_onnxruntime_OrtSession.c: getInputInfo/getOutputInfo (NodeInfo), constructMetadata, run (OnnxValue[])).
     * Descriptors as the C code spells them; none of its calls read fields.
     */
    private static final Map<String, Set<String>> ORT_JNI_CALLBACKS = Map.ofEntries(
            Map.entry("java/lang/String", Set.of()),
            Map.entry("ai/onnxruntime/OnnxValue", Set.of()),
            Map.entry("ai/onnxruntime/OrtException", Set.of("(ILjava/lang/String;)V")),
            Map.entry("ai/onnxruntime/TensorInfo", Set.of("([J[Ljava/lang/String;I)V")),
            Map.entry("ai/onnxruntime/MapInfo", Set.of("(III)V")),
            Map.entry("ai/onnxruntime/SequenceInfo", Set.of("(II)V", "(ILai/onnxruntime/MapInfo;)V")),
            Map.entry("ai/onnxruntime/NodeInfo", Set.of("(Ljava/lang/String;Lai/onnxruntime/ValueInfo;)V")),
            Map.entry("ai/onnxruntime/OnnxTensor", Set.of("(JJLai/onnxruntime/TensorInfo;)V")),
            Map.entry("ai/onnxruntime/OnnxSparseTensor", Set.of("(JJILai/onnxruntime/TensorInfo;)V")),
            Map.entry("ai/onnxruntime/OnnxSequence", Set.of("(JJLai/onnxruntime/SequenceInfo;)V")),
            Map.entry("ai/onnxruntime/OnnxMap", Set.of("(JJLai/onnxruntime/MapInfo;)V")),
            Map.entry("ai/onnxruntime/OnnxModelMetadata",
                    Set.of("(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;J[Ljava/lang/String;)V")));

    @Test
    void should_register_every_class_and_constructor_onnxruntime_native_code_calls_back() throws IOException {
        Map<String, Set<List<String>>> registered = jniRegistrations();
        for (var callback : ORT_JNI_CALLBACKS.entrySet()) {
            String className = callback.getKey().replace('/', '.');
            assertTrue(registered.containsKey(className), className + " is missing from jni-config.json");
            for (String descriptor : callback.getValue()) {
                assertTrue(registered.get(className).contains(parameterTypes(descriptor)),
                        className + ".<init>" + descriptor + " is missing from jni-config.json");
            }
        }
    }

    @Test
    void should_list_exactly_what_the_shipped_jni_library_looks_up() throws IOException {
        String strings = printableStrings(resource("ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so"));
        Set<String> classes = matches(strings, "(?:ai/onnxruntime|java/lang)/[A-Za-z$]+");
        Set<String> descriptors = matches(strings, "\\([\\[A-Za-z/;$]*\\)V");

        assertEquals(new TreeSet<>(ORT_JNI_CALLBACKS.keySet()), classes,
                "classes named in libonnxruntime4j_jni.so changed: update ORT_JNI_CALLBACKS and jni-config.json");
        Set<String> expected = ORT_JNI_CALLBACKS.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, descriptors,
                "constructors looked up by libonnxruntime4j_jni.so changed: update ORT_JNI_CALLBACKS and jni-config.json");
    }

    @Test
    void should_register_only_constructors_that_exist_in_the_onnxruntime_jar() throws Exception {
        for (JsonNode entry : JSON.readTree(resource(CONFIG + "jni-config.json"))) {
            Class<?> type = Class.forName(entry.get("name").asText());
            for (JsonNode method : entry.path("methods")) {
                List<Class<?>> parameters = new ArrayList<>();
                for (JsonNode parameter : method.get("parameterTypes")) {
                    parameters.add(classOf(parameter.asText()));
                }
                assertNotNull(type.getDeclaredConstructor(parameters.toArray(Class<?>[]::new)));
            }
        }
    }

    @Test
    void should_initialise_onnxruntime_and_twelvemonkeys_at_run_time() throws IOException {
        Properties properties = new Properties();
        properties.load(new java.io.ByteArrayInputStream(resource(CONFIG + "native-image.properties")));
        Set<String> runTime = new TreeSet<>();
        Matcher option = Pattern.compile("--initialize-at-run-time=(\\S+)").matcher(properties.getProperty("Args", ""));
        while (option.find()) {
            Collections.addAll(runTime, option.group(1).split(","));
        }
        assertTrue(runTime.containsAll(Set.of("ai.onnxruntime", "com.twelvemonkeys")), "run-time initialised: " + runTime);
    }

    @Test
    void should_register_the_image_io_plugins_twelvemonkeys_loads_as_services() throws IOException {
        Set<String> reflective = new TreeSet<>();
        for (JsonNode entry : JSON.readTree(resource(CONFIG + "reflect-config.json"))) {
            boolean noArgConstructor = false;
            for (JsonNode method : entry.path("methods")) {
                noArgConstructor |= method.get("name").asText().equals("<init>") && method.get("parameterTypes").isEmpty();
            }
            if (noArgConstructor) {
                reflective.add(entry.get("name").asText());
            }
        }
        String resources = JSON.readTree(resource(CONFIG + "resource-config.json")).toString();
        for (String service : List.of("javax.imageio.spi.ImageReaderSpi", "javax.imageio.spi.ImageInputStreamSpi")) {
            Set<String> providers = twelveMonkeysProviders(service);
            assertTrue(!providers.isEmpty(), "no TwelveMonkeys " + service + " on the class path");
            assertTrue(reflective.containsAll(providers), "reflect-config.json lacks some of " + providers);
            assertTrue(resources.contains("META-INF/services/" + service), "resource-config.json lacks the " + service + " file");
        }
        assertTrue(reflective.contains("com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi"));
    }

    @Test
    void should_point_onnxruntime_at_the_libraries_shipped_in_the_native_zip() throws IOException {
        String bootstrap = Files.readString(Path.of("src/main/zip.native/bootstrap"));
        assertTrue(bootstrap.startsWith("#!/bin/sh"), "bootstrap must be a script Lambda can exec");
        assertTrue(bootstrap.contains("-Donnxruntime.native.path=\"$task_root\""), bootstrap);
        assertTrue(bootstrap.contains("exec \"$task_root/runner\""), bootstrap);
    }

    private static Set<String> twelveMonkeysProviders(String service) throws IOException {
        Set<String> providers = new TreeSet<>();
        for (URL url : Collections.list(NativeImageConfigTest.class.getClassLoader().getResources("META-INF/services/" + service))) {
            try (InputStream in = url.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String provider = line.replaceAll("#.*", "").trim();
                    if (provider.startsWith("com.twelvemonkeys.")) {
                        providers.add(provider);
                    }
                }
            }
        }
        return providers;
    }

    private static Map<String, Set<List<String>>> jniRegistrations() throws IOException {
        Map<String, Set<List<String>>> registered = new TreeMap<>();
        for (JsonNode entry : JSON.readTree(resource(CONFIG + "jni-config.json"))) {
            Set<List<String>> constructors = registered.computeIfAbsent(entry.get("name").asText(), k -> new java.util.HashSet<>());
            for (JsonNode method : entry.path("methods")) {
                if (method.get("name").asText().equals("<init>")) {
                    List<String> types = new ArrayList<>();
                    method.get("parameterTypes").forEach(t -> types.add(t.asText()));
                    constructors.add(types);
                }
            }
        }
        return registered;
    }

    /** {@code (JJLai/onnxruntime/TensorInfo;[J)V} to {@code [long, long, ai.onnxruntime.TensorInfo, long[]]}. */
    static List<String> parameterTypes(String descriptor) {
        List<String> types = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int dimensions = 0;
            while (descriptor.charAt(i) == '[') {
                dimensions++;
                i++;
            }
            String type;
            if (descriptor.charAt(i) == 'L') {
                int end = descriptor.indexOf(';', i);
                type = descriptor.substring(i + 1, end).replace('/', '.');
                i = end + 1;
            } else {
                type = switch (descriptor.charAt(i++)) {
                    case 'Z' -> "boolean";
                    case 'B' -> "byte";
                    case 'C' -> "char";
                    case 'S' -> "short";
                    case 'I' -> "int";
                    case 'J' -> "long";
                    case 'F' -> "float";
                    case 'D' -> "double";
                    default -> throw new IllegalArgumentException(descriptor);
                };
            }
            types.add(type + "[]".repeat(dimensions));
        }
        return types;
    }

    private static Class<?> classOf(String type) throws ClassNotFoundException {
        if (type.endsWith("[]")) {
            return classOf(type.substring(0, type.length() - 2)).arrayType();
        }
        return switch (type) {
            case "int" -> int.class;
            case "long" -> long.class;
            default -> Class.forName(type);
        };
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NativeImageConfigTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name + " is not on the class path");
            return in.readAllBytes();
        }
    }

    private static String printableStrings(byte[] binary) {
        StringBuilder out = new StringBuilder();
        for (byte b : binary) {
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '\n');
        }
        return out.toString();
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?m)^" + regex + "$").matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
