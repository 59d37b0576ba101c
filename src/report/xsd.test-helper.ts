/** XSD validation for tests through libxml2 compiled to WebAssembly (npm `xmllint-wasm`): no system binary. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";
import { KIT_ROOT } from "../contracts/paths.ts";

const JUNIT_XSD = join(KIT_ROOT, "schemas", "junit.xsd");

/** What xmllint prints about `xml` against the XSD (JUnit's by default), as the binary would; "" when valid. */
export async function xsdProblems(xml: string, xsdFile = JUNIT_XSD): Promise<string> {
  const result = await validateXML({
    xml: [{ fileName: "report.xml", contents: xml }],
    schema: [{ fileName: "schema.xsd", contents: readFileSync(xsdFile, "utf8") }],
  });
  if (result.valid) return "";
  // Never "" for an invalid document: that would read as "valid" to a caller comparing with "".
  return result.rawOutput.trim() || "report.xml fails to validate";
}
