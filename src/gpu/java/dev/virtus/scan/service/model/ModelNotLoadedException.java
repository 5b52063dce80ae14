package dev.virtus.scan.service.model;

/** A request came before the model finished loading (or after loading failed); HTTP answers 503. */
public class ModelNotLoadedException extends RuntimeException {

    public ModelNotLoadedException(String message) {
        super(message);
    }
}
