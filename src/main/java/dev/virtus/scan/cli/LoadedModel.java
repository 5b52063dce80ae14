package dev.virtus.scan.cli;

import java.util.Optional;
import java.util.function.Supplier;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.provenance.ProvenanceReader;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleLoader;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The model the functions would load for these settings, built the same way; close it to free native memory. */
record LoadedModel(ModelBundle bundle, OnnxSession session, Optional<FaceFinder> faces, ImageClassifier classifier,
        DecodeLimits limits, int batchSize, ProvenanceReader provenance) implements AutoCloseable {

    static LoadedModel load(VirtusConfig config) {
        ModelBundle bundle;
        try (LazyS3Client s3 = new LazyS3Client()) {
            bundle = ModelBundleLoader.load(config.model(), s3);
        }
        OnnxSession session = new OnnxSession(bundle, config);
        Optional<FaceFinder> faces = Optional.empty();
        try {
            faces = FaceFinder.create(bundle, config);
            return new LoadedModel(bundle, session, faces, new ImageClassifier(bundle, session, config, faces),
                    DecodeLimits.of(config.decode()),
                    config.inference().maxBatchSize(), ProvenanceReader.from(config.provenance()));
        } catch (RuntimeException e) {
            faces.ifPresent(FaceFinder::close);
            session.close();
            throw e;
        }
    }

    @Override
    public void close() {
        faces.ifPresent(FaceFinder::close);
        session.close();
    }

    /** Builds a client, with the default credential and region chains, only for a model in S3. */
    private static final class LazyS3Client implements Supplier<S3Client>, AutoCloseable {
        private S3Client client;

        @Override
        public S3Client get() {
            if (client == null) {
                try {
                    // Two HTTP clients are on the class path; the functions use this one too (quarkus.s3.sync-client.type=url).
                    client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                } catch (SdkException e) {
                    throw new CliException("cannot create an S3 client for the model location: " + e.getMessage()
                            + " (set AWS_REGION and AWS credentials, or pass --model with a local directory).");
                }
            }
            return client;
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
