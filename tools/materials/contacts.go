package materials

import (
	"path"

	"protege/tools/diag"
	"protege/tools/vcard"
)

// contactFile is the "save these numbers" file of a language: materiales/<lang>/<slug>.vcf,
// one vCard per Costa Rican phone line, from the same hotline data as the PDFs.
func contactFile(e *env) (Contact, []byte) {
	slug := e.tx.T("contactsSlug", nil)
	if !slugRE.MatchString(slug) {
		e.tx.strs.add(e.tx.file+"\x00contactsSlug", diag.Errorf(e.tx.file, 0, 0, "contactsSlug = %q: a file name is lowercase letters, digits and \"-\"", slug))
		return Contact{}, nil
	}
	lines := vcard.Lines(e.data)
	b := vcard.File(lines, vcard.Texts{Lang: e.lang, Category: e.tx.T("contactsCategory", nil), WhatsApp: "WhatsApp"})
	return Contact{Lang: e.lang, Path: path.Join(materialDir, e.lang, slug+".vcf"), Bytes: len(b), Count: len(lines)}, b
}
