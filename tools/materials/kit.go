package materials

// Paper is a sheet size.
type Paper struct {
	Name string  // as shown on the site: "Letter", "A4", "Tabloid", "A3"
	Slug string  // in file names: "letter", "a4", "tabloid", "a3"
	W, H float64 // portrait, mm
}

var (
	Letter  = Paper{"Letter", "letter", 215.9, 279.4}
	A4      = Paper{"A4", "a4", 210, 297}
	Tabloid = Paper{"Tabloid", "tabloid", 279.4, 431.8}
	A3      = Paper{"A3", "a3", 297, 420}

	documentPapers = []Paper{Letter, A4}
	posterPapers   = []Paper{Letter, A4, Tabloid, A3}
)

type kind int

const (
	document kind = iota // a Markdown page of content/, laid out as a document
	poster
	cards
	scenarioCards // the training scenarios, cut and folded (training.go)
	attendance    // the training attendance sheet (training.go)
)

// material is one item of the kit.
type material struct {
	// Key is the translationKey of the page for documents, an id for the others.
	Key    string
	Kind   kind
	Papers []Paper
	// MaxPages, when set, is a limit the layout must keep (the staff guide is one sheet).
	MaxPages int
	// Strings (i18n ids) of a generated material: name, description, file name.
	NameID, DescriptionID, SlugID string
	// Poster messages.
	TitleID, TextID string
	// ContactID, on a poster, is a line with blanks to fill in by hand (the designated person).
	ContactID string
	// ModelText documents say under their title who publishes the model text.
	ModelText bool
	// Numbers documents start with the panel's numbers in large type.
	Numbers bool
	// Langs, when set, are the languages of a poster printed in several at once.
	Langs []string
}

// Kit is the order of the materials on the site: the order of the materials page's list.
var kit = []material{
	{Key: "material-code", Kind: document, Papers: documentPapers, ModelText: true},
	{Key: "material-staff-guide", Kind: document, Papers: documentPapers, MaxPages: 2, Numbers: true},
	{Key: "poster-staff", Kind: poster, Papers: posterPapers,
		NameID: "pdfPosterStaffName", DescriptionID: "pdfPosterStaffDescription", SlugID: "pdfPosterStaffSlug",
		TitleID: "pdfPosterStaffTitle", TextID: "pdfPosterStaffText", ContactID: "pdfPosterStaffContact"},
	{Key: "poster-guests", Kind: poster, Papers: posterPapers,
		NameID: "pdfPosterGuestName", DescriptionID: "pdfPosterGuestDescription", SlugID: "pdfPosterGuestSlug",
		TitleID: "pdfPosterGuestTitle", TextID: "pdfPosterGuestText"},
	// A front desk that serves guests in Spanish and English: both on one sheet.
	{Key: "poster-guests-bilingual", Kind: poster, Papers: documentPapers, Langs: []string{"es", "en"},
		NameID: "pdfPosterBilingualName", DescriptionID: "pdfPosterBilingualDescription", SlugID: "pdfPosterBilingualSlug",
		TitleID: "pdfPosterGuestTitle", TextID: "pdfPosterGuestText"},
	{Key: "wallet-cards", Kind: cards, Papers: documentPapers,
		NameID: "pdfCardName", DescriptionID: "pdfCardDescription", SlugID: "pdfCardSlug"},
	{Key: "material-checklist", Kind: document, Papers: documentPapers},
	{Key: "material-supplier-clause", Kind: document, Papers: documentPapers, ModelText: true},
	// The staff training kit (training.go).
	{Key: "material-training-guide", Kind: document, Papers: documentPapers},
	{Key: "scenario-cards", Kind: scenarioCards, Papers: documentPapers,
		NameID: "pdfScenarioCardsName", DescriptionID: "pdfScenarioCardsDescription", SlugID: "pdfScenarioCardsSlug"},
	{Key: "attendance-sheet", Kind: attendance, Papers: documentPapers,
		NameID: "pdfAttendanceName", DescriptionID: "pdfAttendanceDescription", SlugID: "pdfAttendanceSlug"},
	{Key: "material-training-recap", Kind: document, Papers: documentPapers, MaxPages: 1},
}

// PageKeys are the translationKeys of the pages the kit is made from: its materials', the
// report page's and the materials section's. Of the other pages the generator reads only
// which key each has (to find these), never their text.
func PageKeys() []string {
	keys := []string{reportKey, sectionKey}
	for _, m := range kit {
		keys = append(keys, m.Key)
	}
	return keys
}

// Page keys the generator looks up besides the materials.
const (
	reportKey   = "report"    // the "where to report" page, target of the posters' QR code
	sectionKey  = "materials" // the materials section, whose title heads every document
	materialDir = "materiales"
)
