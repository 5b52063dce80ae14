package dev.virtus.scan.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The root certificates the user trusts to vouch for signers ({@code virtus.provenance.trust-anchors}, PEM). None
 * configured: every signer is "signed, not trusted", since anyone can make a certificate that says anything.
 */
public final class TrustAnchors {

    public static final TrustAnchors NONE = new TrustAnchors(Set.of());

    private final Set<TrustAnchor> anchors;

    private TrustAnchors(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    /** @throws IllegalArgumentException when the file cannot be read or holds no certificate */
    public static TrustAnchors fromPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("virtus.provenance.trust-anchors: " + pem + " holds no certificate");
            }
            return new TrustAnchors(certificates.stream()
                    .map(c -> new TrustAnchor((X509Certificate) c, null))
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("virtus.provenance.trust-anchors: cannot read " + pem + ": "
                    + e.getMessage(), e);
        }
    }

    public boolean configured() {
        return !anchors.isEmpty();
    }

    /** The signing credential's status codes at {@code now}: expired or not yet valid, then trusted or untrusted. */
    List<String> check(List<X509Certificate> chain, Instant now) {
        List<String> codes = new ArrayList<>();
        try {
            chain.get(0).checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            codes.add(ValidationCodes.SIGNING_CREDENTIAL_EXPIRED);
        } catch (CertificateNotYetValidException e) {
            codes.add(ValidationCodes.SIGNING_CREDENTIAL_INVALID);
        }
        codes.add(codes.isEmpty() && chainsToAnchor(chain, now) ? ValidationCodes.SIGNING_CREDENTIAL_TRUSTED
                : ValidationCodes.SIGNING_CREDENTIAL_UNTRUSTED);
        return codes;
    }

    private boolean chainsToAnchor(List<X509Certificate> chain, Instant now) {
        if (anchors.isEmpty()) {
            return false;
        }
        Set<X509Certificate> roots = anchors.stream().map(TrustAnchor::getTrustedCert).collect(Collectors.toSet());
        List<X509Certificate> path = chain.stream().filter(c -> !roots.contains(c)).toList();
        if (path.isEmpty()) {
            return false;
        }
        try {
            var parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
