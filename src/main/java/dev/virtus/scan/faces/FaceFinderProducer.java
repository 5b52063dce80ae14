package dev.virtus.scan.faces;

import java.util.Optional;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.model.ModelBundle;

/**
 * The process's face finder, when {@code virtus.faces.mode} asks for one; its detector session is closed at shutdown.
 * The bundle is looked up only then: the GPU service's build has no {@link ModelBundle} bean (it loads the model in
 * the background) and judges whole images.
 */
public class FaceFinderProducer {

    @Produces
    @Singleton
    Optional<FaceFinder> faceFinder(Instance<ModelBundle> bundle, VirtusConfig config) {
        if (config.faces().mode() == VirtusConfig.Faces.Mode.OFF) {
            return Optional.empty();
        }
        return FaceFinder.create(bundle.get(), config.faces(),
                config.inference().intraOpThreads().orElse(Runtime.getRuntime().availableProcessors()));
    }

    void close(@Disposes Optional<FaceFinder> finder) {
        finder.ifPresent(FaceFinder::close);
    }
}
