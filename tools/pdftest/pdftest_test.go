package pdftest

import "testing"

func TestDecodePGM(t *testing.T) {
	img, err := decodePGM([]byte("P5\n3 2\n255\n\x00\x10\x20\x30\x40\xff"))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 3 || b.Dy() != 2 || img.GrayAt(2, 1).Y != 0xff || img.GrayAt(1, 0).Y != 0x10 {
		t.Errorf("decoded %v %v", img.Bounds(), img.Pix)
	}
	for _, bad := range []string{"P6\n1 1\n255\n\x00\x00\x00", "P5\n2 2\n255\n\x00", "P5\n1 1\n65535\n\x00\x00"} {
		if _, err := decodePGM([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
