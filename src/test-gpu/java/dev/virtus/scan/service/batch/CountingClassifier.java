package dev.virtus.scan.service.batch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.classify.PreparedImage;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.verdict.Verdict;

/** A classifier that records the number of inputs of every ONNX Runtime call (up to 16 inputs a call). */
class CountingClassifier extends ImageClassifier {

    final List<Integer> calls = new CopyOnWriteArrayList<>();

    /** @param faces not closed here: the tests share the detector it wraps and close it once */
    CountingClassifier(ModelBundle bundle, OnnxSession session, Optional<FaceFinder> faces) {
        super(bundle, session, new DecodeLimits(20_000_000, 40_000_000), "Fake", 0.5, 16, faces);
    }

    @Override
    public List<Verdict> classifyPrepared(List<PreparedImage> images) {
        calls.add(images.size());
        return super.classifyPrepared(images);
    }
}
