package dev.virtus.scan.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtProvider;
import dev.virtus.scan.config.VirtusConfig.Inference.Provider;

class ExecutionProviderChoiceTest {

    private static final EnumSet<OrtProvider> CPU_BUILD = EnumSet.of(OrtProvider.CPU);
    private static final EnumSet<OrtProvider> GPU_BUILD = EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA);

    @Test
    void should_try_cuda_only_when_the_build_has_it_and_a_gpu_is_visible() {
        assertTrue(ExecutionProviderChoice.of(Provider.AUTO, GPU_BUILD, true).tryCuda());
        assertFalse(ExecutionProviderChoice.of(Provider.AUTO, GPU_BUILD, true).required());

        ExecutionProviderChoice noGpu = ExecutionProviderChoice.of(Provider.AUTO, GPU_BUILD, false);
        assertFalse(noGpu.tryCuda());
        assertEquals("no NVIDIA GPU visible (/dev/nvidiactl is missing)", noGpu.reason());

        ExecutionProviderChoice cpuBuild = ExecutionProviderChoice.of(Provider.AUTO, CPU_BUILD, true);
        assertFalse(cpuBuild.tryCuda());
        assertTrue(cpuBuild.reason().contains("no CUDA provider"), cpuBuild.reason());
    }

    @Test
    void should_follow_an_explicit_setting() {
        assertFalse(ExecutionProviderChoice.of(Provider.CPU, GPU_BUILD, true).tryCuda());
        ExecutionProviderChoice cuda = ExecutionProviderChoice.of(Provider.CUDA, CPU_BUILD, false);
        assertTrue(cuda.tryCuda() && cuda.required());
    }
}
