package dev.virtus.scan.provenance;

import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_CERTIFICATES;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The claim signature: a COSE_Sign1 (RFC 9052) with a detached payload, the claim, and the signer's certificate
 * chain in the {@code x5chain} header (label 33; protected, or unprotected in older manifests). The algorithms are
 * those C2PA allows: ES256/384/512 (signatures as r|s), PS256/384/512 and Ed25519, all in the JDK.
 */
final class CoseSign1 {

    private static final int ALG = 1;
    private static final int X5CHAIN = 33;

    private final byte[] protectedHeader;
    private final byte[] signature;
    private final int algorithm;
    final List<X509Certificate> chain;

    private CoseSign1(byte[] protectedHeader, byte[] signature, int algorithm, List<X509Certificate> chain) {
        this.protectedHeader = protectedHeader;
        this.signature = signature;
        this.algorithm = algorithm;
        this.chain = chain;
    }

    static CoseSign1 parse(byte[] bytes) throws ManifestException {
        JsonNode sign1 = Cbor.read(bytes, "the claim signature");
        if (!sign1.isArray() || sign1.size() != 4) {
            throw new ManifestException("the claim signature is not a COSE_Sign1 array of four");
        }
        byte[] protectedHeader = Cbor.bytes(sign1.get(0), "the COSE protected header");
        JsonNode headers = protectedHeader.length == 0 ? null : Cbor.read(protectedHeader, "the COSE protected header");
        JsonNode unprotected = sign1.get(1);
        JsonNode alg = headers == null ? null : headers.get(String.valueOf(ALG));
        if (alg == null || !alg.isIntegralNumber()) {
            throw new ManifestException("the COSE protected header has no algorithm");
        }
        JsonNode x5chain = headers.has(String.valueOf(X5CHAIN)) ? headers.get(String.valueOf(X5CHAIN))
                : unprotected.get(String.valueOf(X5CHAIN));
        return new CoseSign1(protectedHeader, Cbor.bytes(sign1.get(3), "the COSE signature"), alg.intValue(),
                certificates(x5chain));
    }

    private static List<X509Certificate> certificates(JsonNode x5chain) throws ManifestException {
        if (x5chain == null) {
            throw new ManifestException("the claim signature carries no certificate (x5chain)");
        }
        List<JsonNode> items = new ArrayList<>();
        if (x5chain.isArray()) {
            if (x5chain.size() == 0 || x5chain.size() > MAX_CERTIFICATES) {
                throw new ManifestException("the x5chain holds " + x5chain.size() + " certificates (1 to "
                        + MAX_CERTIFICATES + " accepted)");
            }
            x5chain.forEach(items::add);
        } else {
            items.add(x5chain);
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode item : items) {
                byte[] der = Cbor.bytes(item, "an x5chain certificate");
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new ManifestException("an x5chain certificate is not readable: " + e.getMessage(), e);
        }
        return List.copyOf(chain);
    }

    X509Certificate signer() {
        return chain.get(0);
    }

    /** What verifying the signature over the claim gave: a status code of {@link ValidationCodes}. */
    String verify(byte[] claim) {
        Signature verifier;
        try {
            verifier = verifier(algorithm);
        } catch (GeneralSecurityException e) {
            return ValidationCodes.ALGORITHM_UNSUPPORTED;
        }
        if (verifier == null) {
            return ValidationCodes.ALGORITHM_UNSUPPORTED;
        }
        try {
            verifier.initVerify(signer().getPublicKey());
        } catch (InvalidKeyException e) {
            return ValidationCodes.SIGNING_CREDENTIAL_INVALID;
        }
        try {
            verifier.update(toBeSigned(claim));
            return verifier.verify(signature) ? ValidationCodes.CLAIM_SIGNATURE_VALIDATED
                    : ValidationCodes.CLAIM_SIGNATURE_MISMATCH;
        } catch (GeneralSecurityException e) {
            return ValidationCodes.CLAIM_SIGNATURE_MISMATCH;
        }
    }

    /** COSE algorithm identifiers (IANA) to JDK signatures; null for one C2PA does not allow. */
    private static Signature verifier(int algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case -7 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case -35 -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case -36 -> Signature.getInstance("SHA512withECDSAinP1363Format");
            case -37 -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case -38 -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case -39 -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            case -8 -> Signature.getInstance("Ed25519");
            default -> null;
        };
    }

    private static Signature pss(String digest, MGF1ParameterSpec mgf, int saltLength) throws GeneralSecurityException {
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec(digest, "MGF1", mgf, saltLength, 1));
        return pss;
    }

    /** Sig_structure = ["Signature1", protected, external_aad = h'', payload = the claim], in CBOR. */
    private byte[] toBeSigned(byte[] claim) {
        var out = new ByteArrayOutputStream(claim.length + protectedHeader.length + 32);
        out.write(0x84);
        byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        head(out, 2, protectedHeader.length);
        out.writeBytes(protectedHeader);
        head(out, 2, 0);
        head(out, 2, claim.length);
        out.writeBytes(claim);
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int major, int length) {
        int type = major << 5;
        if (length < 24) {
            out.write(type | length);
        } else if (length < 0x100) {
            out.write(type | 24);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(type | 25);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
    }
}
