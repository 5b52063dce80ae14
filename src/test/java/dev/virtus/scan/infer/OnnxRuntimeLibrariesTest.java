package dev.virtus.scan.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Lambda build's function.zip puts ONNX Runtime's libraries: {@code onnxruntime/} beside {@code lib/}. */
class OnnxRuntimeLibrariesTest {

    @TempDir
    Path task;

    private Path jar() throws IOException {
        return Files.createFile(Files.createDirectories(task.resolve("lib")).resolve("modified-com.microsoft.onnxruntime.onnxruntime-1.29.0.jar"));
    }

    @Test
    void should_find_the_libraries_in_the_folder_beside_lib() throws IOException {
        Path jar = jar();
        Path folder = Files.createDirectories(task.resolve("onnxruntime"));
        Files.createFile(folder.resolve(System.mapLibraryName("onnxruntime")));

        assertEquals(Optional.of(folder), OnnxRuntimeLibraries.besideJars(Optional.of(jar)));
    }

    @Test
    void should_leave_the_libraries_in_the_jar_when_the_folder_lacks_them() throws IOException {
        Path jar = jar();
        Files.createDirectories(task.resolve("onnxruntime"));

        assertEquals(Optional.empty(), OnnxRuntimeLibraries.besideJars(Optional.of(jar)));
    }

    @Test
    void should_look_only_beside_a_lib_folder() throws IOException {
        Path jar = Files.createFile(Files.createDirectories(task.resolve("repository")).resolve("onnxruntime-1.29.0.jar"));
        Path folder = Files.createDirectories(task.resolve("onnxruntime"));
        Files.createFile(folder.resolve(System.mapLibraryName("onnxruntime")));

        assertEquals(Optional.empty(), OnnxRuntimeLibraries.besideJars(Optional.of(jar)));
        assertEquals(Optional.empty(), OnnxRuntimeLibraries.besideJars(Optional.empty()));
    }
}
