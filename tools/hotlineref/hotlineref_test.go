package hotlineref

import (
	"strings"
	"testing"

	"protege/tools/hotlines"
)

func testData() *hotlines.Data {
	return &hotlines.Data{Lines: []hotlines.Line{
		{ID: "cr-911", Kind: "phone", Display: "911", Dial: "911", Country: "CR"},
		{ID: "cr-pani-1147", Kind: "phone", Display: "1147", Dial: "1147", Country: "CR"},
		{ID: "cr-pani-whatsapp", Kind: "whatsapp", Display: "8989-1147", Dial: "+50689891147", Country: "CR"},
		{ID: "cr-oij-cico", Kind: "phone", Display: "800-8000-645", Dial: "+5068008000645", Country: "CR"},
		{ID: "us-nhth", Kind: "phone", Display: "1-888-373-7888", Dial: "+18883737888", Country: "US"},
		{ID: "int-web", Kind: "web", Display: "dontlookaway.report", URL: "https://dontlookaway.report/", Country: "INT"},
	}}
}

func TestFind(t *testing.T) {
	c := New(testData())
	for _, tc := range []struct {
		text string
		want []string // "text=id"
	}{
		{"llame al 911 ya", []string{"911=cr-911"}},
		{"llame al 9-1-1.", []string{"9-1-1=cr-911"}},
		{"el 9 1 1 o el 9.1.1", []string{"9 1 1=cr-911", "9.1.1=cr-911"}},
		{"WhatsApp 8989 1147, 8989-1147 o +506 8989 1147", []string{"8989 1147=cr-pani-whatsapp", "8989-1147=cr-pani-whatsapp", "+506 8989 1147=cr-pani-whatsapp"}},
		{"(506) 8989-1147", []string{"506) 8989-1147=cr-pani-whatsapp"}},
		{"OIJ: 800-8000-645 o 800 8000 645", []string{"800-8000-645=cr-oij-cico", "800 8000 645=cr-oij-cico"}},
		{"EE. UU.: 1-888-373-7888 o 888-373-7888", []string{"1-888-373-7888=us-nhth", "888-373-7888=us-nhth"}},
		{"911 1147", []string{"911=cr-911", "1147=cr-pani-1147"}},
		// Not hotline numbers: years, laws, articles, other numbers, numbers glued to letters.
		{"En 2015 la Ley 9095 y la Ley 7899, artículo 172; 1911 y 9111; 1.200 casos; 27-11-2026", nil},
		{"art911 y 911b y p911", nil},
		{"de 7:30 a 16:00, 24/7, 200 idiomas, 18 años", nil},
	} {
		var got []string
		for _, f := range c.find([]byte(tc.text)) {
			got = append(got, tc.text[f.start:f.end]+"="+f.id)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	c := New(testData())
	for in, want := range map[string]string{"cr-91": "cr-911", "cr-pani-147": "cr-pani-1147", "xx-unknown-line": ""} {
		if got := c.closest(in); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}
