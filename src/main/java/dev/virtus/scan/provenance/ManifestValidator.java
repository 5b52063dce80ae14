package dev.virtus.scan.provenance;

import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_ACTIONS;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_ASSERTIONS;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_EXCLUSIONS;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_MANIFESTS;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates the active manifest of a C2PA manifest store against the asset it came with: the claim's signature and
 * signer, each assertion's hash in the claim, and the hard binding (the asset's hash outside the manifest's bytes).
 * Ingredient manifests are not validated; the active manifest is the last one in the store.
 */
final class ManifestValidator {

    private static final String SELF_JUMBF = "self#jumbf=";
    private static final Set<String> UNSUPPORTED_HARD_BINDINGS = Set.of("c2pa.hash.bmff", "c2pa.hash.bmff.v2",
            "c2pa.hash.bmff.v3", "c2pa.hash.boxes", "c2pa.hash.collection.data");

    private final TrustAnchors anchors;

    ManifestValidator(TrustAnchors anchors) {
        this.anchors = anchors;
    }

    C2paReport validate(byte[] jumbf, byte[] asset, Instant now) {
        try {
            return validateStore(JumbfBox.parse(jumbf), asset, now);
        } catch (ManifestException e) {
            return C2paReport.malformed(e.getMessage());
        } catch (RuntimeException e) {
            // A shape no check above foresaw (a field of the wrong type, say): still the uploader's bytes, not our error.
            return C2paReport.malformed("the manifest store is not readable: " + e);
        }
    }

    private C2paReport validateStore(JumbfBox store, byte[] asset, Instant now) throws ManifestException {
        if (!store.label().equals("c2pa")) {
            throw new ManifestException("the JUMBF superbox is labelled '" + store.label() + "', not 'c2pa'");
        }
        if (store.children().isEmpty() || store.children().size() > MAX_MANIFESTS) {
            throw new ManifestException("the store holds " + store.children().size() + " manifests (1 to "
                    + MAX_MANIFESTS + " accepted)");
        }
        JumbfBox manifest = store.children().get(store.children().size() - 1);
        Set<String> passed = new TreeSet<>();
        Set<String> failed = new TreeSet<>();

        JumbfBox claimBox = manifest.child("c2pa.claim.v2").or(() -> manifest.child("c2pa.claim"))
                .orElseThrow(() -> new ManifestException("the active manifest has no claim"));
        byte[] claimBytes = claimBox.firstContent();
        JsonNode claim = Cbor.read(claimBytes, "the claim");

        CoseSign1 signature = CoseSign1.parse(resolve(manifest, Cbor.text(claim.get("signature")))
                .orElseThrow(() -> new ManifestException("the claim's signature box is missing"))
                .firstContent());
        add(signature.verify(claimBytes), passed, failed);
        for (String code : anchors.check(signature.chain, now)) {
            add(code, passed, failed);
        }

        List<Action> actions = new ArrayList<>();
        Boolean contentMatches = null;
        boolean hardBinding = false;
        String claimAlg = Cbor.text(claim.get("alg"));
        for (JsonNode reference : assertionReferences(claim)) {
            String url = Cbor.text(reference.get("url"));
            var assertion = resolve(manifest, url);
            if (assertion.isEmpty()) {
                failed.add(ValidationCodes.ASSERTION_MISSING);
                continue;
            }
            String alg = Cbor.text(reference.get("alg")) != null ? Cbor.text(reference.get("alg")) : claimAlg;
            byte[] expected = Cbor.bytes(reference.get("hash"), "the hash of " + url);
            boolean matches = MessageDigest.isEqual(expected, digest(alg).digest(assertion.get().payload()));
            add(matches ? ValidationCodes.HASHED_URI_MATCH : ValidationCodes.HASHED_URI_MISMATCH, passed, failed);
            String label = baseLabel(assertion.get().label());
            if (label.equals("c2pa.actions") || label.equals("c2pa.actions.v2")) {
                actions.addAll(actions(assertion.get()));
            } else if (label.equals("c2pa.hash.data")) {
                hardBinding = true;
                boolean dataMatches = dataHashMatches(assertion.get(), asset, claimAlg);
                contentMatches = contentMatches == null ? dataMatches : contentMatches && dataMatches;
                add(dataMatches ? ValidationCodes.DATA_HASH_MATCH : ValidationCodes.DATA_HASH_MISMATCH, passed, failed);
            } else if (UNSUPPORTED_HARD_BINDINGS.contains(label)) {
                hardBinding = true;
                failed.add(ValidationCodes.HARD_BINDING_UNSUPPORTED);
            }
        }
        if (!hardBinding) {
            failed.add(ValidationCodes.HARD_BINDINGS_MISSING);
        }

        Set<String> failedBesidesTrust = new TreeSet<>(failed);
        failedBesidesTrust.remove(ValidationCodes.SIGNING_CREDENTIAL_UNTRUSTED);
        // unchecked, not failed: contentMatches stays unknown, so no summary rests on it
        failedBesidesTrust.remove(ValidationCodes.HARD_BINDING_UNSUPPORTED);
        boolean valid = failedBesidesTrust.isEmpty() && passed.contains(ValidationCodes.CLAIM_SIGNATURE_VALIDATED);
        boolean trusted = valid && passed.contains(ValidationCodes.SIGNING_CREDENTIAL_TRUSTED);
        var signer = signature.signer();
        return new C2paReport(true, valid, trusted, contentMatches, manifest.label(), generator(claim),
                commonName(signer.getSubjectX500Principal()), nameOf(signer.getSubjectX500Principal(), "O"),
                commonName(signer.getIssuerX500Principal()),
                signer.getNotAfter().toInstant().toString(), DigitalSourceTypes.strongest(actions), List.copyOf(actions),
                List.copyOf(passed), List.copyOf(failed), null);
    }

    private static void add(String code, Set<String> passed, Set<String> failed) {
        boolean success = code.equals(ValidationCodes.CLAIM_SIGNATURE_VALIDATED)
                || code.equals(ValidationCodes.SIGNING_CREDENTIAL_TRUSTED) || code.endsWith(".match");
        (success ? passed : failed).add(code);
    }

    /** Claims v1 list {@code assertions}; v2 {@code created_assertions} then {@code gathered_assertions}. */
    private static List<JsonNode> assertionReferences(JsonNode claim) throws ManifestException {
        List<JsonNode> references = new ArrayList<>();
        for (String field : List.of("assertions", "created_assertions", "gathered_assertions")) {
            JsonNode list = claim.get(field);
            if (list != null && list.isArray()) {
                list.forEach(references::add);
            }
        }
        if (references.size() > MAX_ASSERTIONS) {
            throw new ManifestException("the claim references " + references.size() + " assertions (at most "
                    + MAX_ASSERTIONS + ")");
        }
        return references;
    }

    /**
     * A {@code self#jumbf=} URI inside the active manifest: relative ({@code c2pa.assertions/c2pa.actions}) or
     * absolute ({@code /c2pa/<manifest>/c2pa.assertions/c2pa.actions}). Other manifests' boxes are not resolved.
     */
    private static Optional<JumbfBox> resolve(JumbfBox manifest, String uri) {
        if (uri == null || !uri.startsWith(SELF_JUMBF)) {
            return Optional.empty();
        }
        String path = uri.substring(SELF_JUMBF.length());
        String absolutePrefix = "/c2pa/" + manifest.label() + "/";
        if (path.startsWith(absolutePrefix)) {
            path = path.substring(absolutePrefix.length());
        } else if (path.startsWith("/")) {
            return Optional.empty();
        }
        Optional<JumbfBox> box = Optional.of(manifest);
        for (String part : path.split("/", MAX_ASSERTIONS)) {
            box = box.flatMap(b -> b.child(part));
        }
        return box;
    }

    /** {@code c2pa.actions__1} is the second instance of {@code c2pa.actions}. */
    private static String baseLabel(String label) {
        int instance = label.indexOf("__");
        return instance < 0 ? label : label.substring(0, instance);
    }

    private static List<Action> actions(JumbfBox assertion) throws ManifestException {
        JsonNode list = Cbor.read(assertion.firstContent(), "the actions assertion").get("actions");
        if (list == null || !list.isArray()) {
            throw new ManifestException("the actions assertion has no list of actions");
        }
        if (list.size() > MAX_ACTIONS) {
            throw new ManifestException("the actions assertion lists " + list.size() + " actions (at most "
                    + MAX_ACTIONS + ")");
        }
        List<Action> actions = new ArrayList<>();
        for (JsonNode action : list) {
            String name = Cbor.text(action.get("action"));
            if (name == null) {
                throw new ManifestException("an action has no name");
            }
            actions.add(new Action(name, Cbor.text(action.get("digitalSourceType"))));
        }
        return actions;
    }

    /** c2pa.hash.data: the hash of every asset byte outside the exclusion ranges (which cover the manifest). */
    private static boolean dataHashMatches(JumbfBox assertion, byte[] asset, String claimAlg) throws ManifestException {
        JsonNode dataHash = Cbor.read(assertion.firstContent(), "the data hash assertion");
        String alg = Cbor.text(dataHash.get("alg")) != null ? Cbor.text(dataHash.get("alg")) : claimAlg;
        byte[] expected = Cbor.bytes(dataHash.get("hash"), "the data hash");
        List<long[]> exclusions = new ArrayList<>();
        JsonNode list = dataHash.get("exclusions");
        if (list != null && list.isArray()) {
            if (list.size() > MAX_EXCLUSIONS) {
                throw new ManifestException("the data hash has " + list.size() + " exclusions (at most "
                        + MAX_EXCLUSIONS + ")");
            }
            for (JsonNode range : list) {
                JsonNode start = range.get("start");
                JsonNode length = range.get("length");
                if (start == null || length == null || !start.canConvertToLong() || !length.canConvertToLong()
                        || start.longValue() < 0 || length.longValue() < 0) {
                    throw new ManifestException("a data hash exclusion is not a start and a length");
                }
                exclusions.add(new long[] {start.longValue(), length.longValue()});
            }
        }
        exclusions.sort(Comparator.comparingLong(range -> range[0]));
        MessageDigest digest = digest(alg);
        long at = 0;
        for (long[] range : exclusions) {
            if (range[0] < at || range[0] > asset.length || range[1] > asset.length - range[0]) {
                return false;
            }
            digest.update(asset, (int) at, (int) (range[0] - at));
            at = range[0] + range[1];
        }
        digest.update(asset, (int) at, asset.length - (int) at);
        return MessageDigest.isEqual(expected, digest.digest());
    }

    private static MessageDigest digest(String alg) throws ManifestException {
        String name = switch (alg == null ? "sha256" : alg.toLowerCase(Locale.ROOT)) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new ManifestException("the hash algorithm '" + alg + "' is not one C2PA allows");
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    /** {@code claim_generator} (claims v1), else the {@code claim_generator_info} names (a list in v1, one map in v2). */
    private static String generator(JsonNode claim) {
        String generator = Cbor.text(claim.get("claim_generator"));
        if (generator != null) {
            return generator;
        }
        JsonNode info = claim.get("claim_generator_info");
        List<String> names = new ArrayList<>();
        if (info != null && info.isObject()) {
            names.add(Cbor.text(info.get("name")));
        } else if (info != null && info.isArray()) {
            info.forEach(i -> names.add(Cbor.text(i.get("name"))));
        }
        names.removeIf(Objects::isNull);
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private static String commonName(X500Principal principal) {
        String commonName = nameOf(principal, "CN");
        return commonName != null ? commonName : principal.getName(X500Principal.RFC2253);
    }

    private static String nameOf(X500Principal principal, String type) {
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
