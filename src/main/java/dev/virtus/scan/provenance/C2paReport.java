package dev.virtus.scan.provenance;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the image's C2PA manifest store says and whether it holds.
 *
 * @param present a manifest store is embedded (readable or not)
 * @param valid the active manifest's claim signature verifies and no check failed except trust (an unsupported hard
 *        binding is not a failure: it leaves {@code contentMatches} unknown)
 * @param trusted valid, and the signer's chain ends at a configured trust anchor
 * @param contentMatches the asset's bytes hash to what was signed (hard binding); null when not checked
 * @param activeManifest the active manifest's label (URN)
 * @param generator {@code claim_generator}, else the {@code claim_generator_info} names
 * @param signer the signing certificate's common name
 * @param signerOrganization the signing certificate's organization, which the C2PA SDK reports as the "issuer" of
 *        the claim
 * @param certificateIssuer the common name (else distinguished name) of the CA that issued the signing certificate
 * @param certificateNotAfter the end of the signing certificate's validity (ISO-8601)
 * @param digitalSourceType the strongest AI declaration among the actions, else the first declared source type
 * @param actions the active manifest's actions in order
 * @param validationCodes the checks that passed, by their C2PA status codes
 * @param failureCodes the checks that failed
 * @param reason why a present manifest store could not be read; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record C2paReport(
        boolean present,
        boolean valid,
        boolean trusted,
        Boolean contentMatches,
        String activeManifest,
        String generator,
        String signer,
        String signerOrganization,
        String certificateIssuer,
        String certificateNotAfter,
        String digitalSourceType,
        List<Action> actions,
        List<String> validationCodes,
        List<String> failureCodes,
        String reason) {

    static final C2paReport ABSENT = new C2paReport(false, false, false, null, null, null, null, null, null, null, null,
            List.of(), List.of(), List.of(), null);

    static C2paReport malformed(String reason) {
        return new C2paReport(true, false, false, null, null, null, null, null, null, null, null, List.of(), List.of(),
                List.of(ValidationCodes.MANIFEST_MALFORMED), Objects.requireNonNull(reason));
    }
}
