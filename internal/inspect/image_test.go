// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func smallImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(1, 1, color.White)
	return img
}

// exifBlock builds a little-endian TIFF with a camera make in IFD0 and,
// if gps, a GPS IFD placing the picture in Leeds (53°48'N, 1°33'W).
func exifBlock(gps bool) []byte {
	le := binary.LittleEndian
	var b []byte
	u16 := func(v uint16) { b = le.AppendUint16(b, v) }
	u32 := func(v uint32) { b = le.AppendUint32(b, v) }
	b = append(b, 'I', 'I', 42, 0)
	u32(8)
	entries := uint16(1)
	if gps {
		entries = 2
	}
	u16(entries)
	ifd0End := 8 + 2 + 12*int(entries) + 4
	makeOff := ifd0End
	gpsOff := makeOff + 8
	u16(0x010F) // Make
	u16(2)
	u32(6)
	u32(uint32(makeOff))
	if gps {
		u16(0x8825)
		u16(4)
		u32(1)
		u32(uint32(gpsOff))
	}
	u32(0)
	b = append(b, "Canon\x00\x00\x00"...)
	if gps {
		ratOff := gpsOff + 2 + 12*4 + 4
		u16(4)
		for _, e := range []struct {
			tag, typ uint16
			count    uint32
			val      []byte
		}{
			{1, 2, 2, []byte("N\x00\x00\x00")},
			{2, 5, 3, le.AppendUint32(nil, uint32(ratOff))},
			{3, 2, 2, []byte("W\x00\x00\x00")},
			{4, 5, 3, le.AppendUint32(nil, uint32(ratOff+24))},
		} {
			u16(e.tag)
			u16(e.typ)
			u32(e.count)
			b = append(b, e.val...)
		}
		u32(0)
		for _, r := range [][2]uint32{{53, 1}, {48, 1}, {0, 1}, {1, 1}, {33, 1}, {0, 1}} {
			u32(r[0])
			u32(r[1])
		}
	}
	return b
}

func jpegWithEXIF(t testing.TB, gps bool) []byte {
	var img bytes.Buffer
	if err := jpeg.Encode(&img, smallImage(), nil); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00"), exifBlock(gps)...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, img.Bytes()[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, img.Bytes()[2:]...)
}

func pngWithText(t testing.TB) []byte {
	var img bytes.Buffer
	if err := png.Encode(&img, smallImage()); err != nil {
		t.Fatal(err)
	}
	data := img.Bytes()
	iend := bytes.Index(data, []byte("IEND")) - 4
	chunk := func(typ string, payload []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
		c = append(c, typ...)
		c = append(c, payload...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), payload...)))
	}
	out := append([]byte{}, data[:iend]...)
	out = append(out, chunk("tEXt", []byte("Author\x00Jane Smith"))...)
	return append(out, data[iend:]...)
}

func TestImages(t *testing.T) {
	var plainJPEG, plainPNG bytes.Buffer
	jpeg.Encode(&plainJPEG, smallImage(), nil)
	png.Encode(&plainPNG, smallImage())
	wantKinds(t, File("photo.jpg", plainJPEG.Bytes(), Options{}))
	wantKinds(t, File("chart.png", plainPNG.Bytes(), Options{}))

	wantKinds(t, File("photo.jpg", jpegWithEXIF(t, false), Options{}), "exif")
	fs := File("photo.jpg", jpegWithEXIF(t, true), Options{})
	wantKinds(t, fs, "exif", "gps")
	if f, _ := find(fs, "gps"); f.Excerpt != "position near 53.8, -1.6 (rounded here; exact in the file)" {
		t.Errorf("gps excerpt = %q", f.Excerpt)
	}
	if f, _ := find(fs, "exif"); f.Excerpt != "camera make" {
		t.Errorf("exif excerpt = %q", f.Excerpt)
	}
	wantKinds(t, File("chart.png", pngWithText(t), Options{}), "exif")
}

func TestCleanImages(t *testing.T) {
	for name, data := range map[string][]byte{"photo.jpg": jpegWithEXIF(t, true), "chart.png": pngWithText(t)} {
		cleaned, removed, err := Clean(name, data, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(removed) == 0 {
			t.Errorf("%s: nothing removed", name)
		}
		wantKinds(t, File(name, cleaned, Options{}))
		img, _, err := image.Decode(bytes.NewReader(cleaned))
		if err != nil {
			t.Fatalf("%s: the cleaned image does not decode: %v", name, err)
		}
		if img.Bounds().Dx() != 8 {
			t.Errorf("%s: size changed", name)
		}
	}
}
