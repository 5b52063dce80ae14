package dev.virtus.scan.fetch;

import jakarta.enterprise.context.ApplicationScoped;

/** Brings the bytes of an {@link ImageSource}. */
@ApplicationScoped
public class ImageFetcher {

    private final UrlFetcher urls;
    private final S3ObjectReader s3;

    public ImageFetcher(UrlFetcher urls, S3ObjectReader s3) {
        this.urls = urls;
        this.s3 = s3;
    }

    public byte[] fetch(ImageSource source) {
        if (source instanceof ImageSource.Url url) {
            return urls.fetch(url.url());
        }
        if (source instanceof ImageSource.S3 object) {
            return s3.read(object.object());
        }
        return ((ImageSource.Inline) source).bytes();
    }
}
