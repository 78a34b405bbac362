// Validates PDF files with veraPDF's validation library against the official profiles.
// Used by tests/pdfa/verapdf.py; run with the source launcher (java VeraPdfCheck.java …),
// so no build step is needed: the JRE's compiler module compiles it on the fly.
//
// Arguments: a comma-separated list of flavours (e.g. "3a,ua1"), then the PDF files.
// Prints one line per file and flavour: "<file>\t<flavour>\t<compliant>\t<failed rules>",
// each failed rule as "clause-test:message" separated by " | ".

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

public class VeraPdfCheck {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        List<PDFAFlavour> flavours = new ArrayList<>();
        for (String id : args[0].split(",")) {
            PDFAFlavour flavour = PDFAFlavour.byFlavourId(id);
            if (flavour == PDFAFlavour.NO_FLAVOUR) {
                throw new IllegalArgumentException("unknown flavour " + id);
            }
            flavours.add(flavour);
        }
        for (int i = 1; i < args.length; i++) {
            File file = new File(args[i]);
            for (PDFAFlavour flavour : flavours) {
                try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour)) {
                    PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
                    ValidationResult result = validator.validate(parser);
                    Map<String, String> failed = new TreeMap<>();
                    for (TestAssertion assertion : result.getTestAssertions()) {
                        if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                            String rule = assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber();
                            failed.putIfAbsent(rule, assertion.getMessage().replaceAll("\\s+", " "));
                        }
                    }
                    List<String> parts = new ArrayList<>();
                    failed.forEach((rule, message) -> parts.add(rule + ":" + message));
                    System.out.println(file.getPath() + "\t" + flavour.getId() + "\t" + result.isCompliant()
                            + "\t" + String.join(" | ", parts));
                }
            }
        }
    }
}
