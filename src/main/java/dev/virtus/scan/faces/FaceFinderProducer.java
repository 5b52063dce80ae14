package dev.virtus.scan.faces;

import java.util.Optional;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.model.ModelBundle;

/**
 * The process's face finder, when {@code virtus.faces.mode} asks for one; its detector session is closed at shutdown.
 * The GPU service's build leaves this producer out (as it does the model's other beans): its {@code ModelLoader}
 * creates the finder with the model, in the background.
 */
public class FaceFinderProducer {

    @Produces
    @Singleton
    Optional<FaceFinder> faceFinder(ModelBundle bundle, VirtusConfig config) {
        return FaceFinder.create(bundle, config);
    }

    void close(@Disposes Optional<FaceFinder> finder) {
        finder.ifPresent(FaceFinder::close);
    }
}
