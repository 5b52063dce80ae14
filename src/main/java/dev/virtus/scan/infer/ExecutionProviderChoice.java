package dev.virtus.scan.infer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import ai.onnxruntime.OrtProvider;
import dev.virtus.scan.config.VirtusConfig.Inference.Provider;

/**
 * Which execution provider to try first, and why: the one log line that says whether a session runs on
 * CUDA or on the CPU starts here.
 *
 * @param tryCuda whether to add the CUDA provider (falling back to the CPU if it fails, unless {@code required})
 * @param required whether a CUDA failure must fail the start ({@code virtus.inference.provider=cuda})
 */
public record ExecutionProviderChoice(boolean tryCuda, boolean required, String reason) {

    /** The device files the NVIDIA driver creates; the container runtime maps them in for a GPU task. */
    private static final Path NVIDIA_CONTROL_DEVICE = Path.of("/dev/nvidiactl");

    public static ExecutionProviderChoice of(Provider setting, EnumSet<OrtProvider> available) {
        return of(setting, available, Files.exists(NVIDIA_CONTROL_DEVICE));
    }

    static ExecutionProviderChoice of(Provider setting, EnumSet<OrtProvider> available, boolean gpuVisible) {
        boolean built = available.contains(OrtProvider.CUDA);
        return switch (setting) {
            case CPU -> new ExecutionProviderChoice(false, false, "virtus.inference.provider=cpu");
            case CUDA -> new ExecutionProviderChoice(true, true, "virtus.inference.provider=cuda");
            case AUTO -> !built
                    ? new ExecutionProviderChoice(false, false, "this build's ONNX Runtime has no CUDA provider (onnxruntime, not onnxruntime_gpu)")
                    : !gpuVisible
                            ? new ExecutionProviderChoice(false, false, "no NVIDIA GPU visible (" + NVIDIA_CONTROL_DEVICE + " is missing)")
                            : new ExecutionProviderChoice(true, false, "onnxruntime_gpu and an NVIDIA GPU are present");
        };
    }
}
