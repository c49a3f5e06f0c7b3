// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"
)

// exifTags are the TIFF/EXIF tags worth naming to a case officer.
var exifTags = map[uint16]string{
	0x010E: "description", 0x010F: "camera make", 0x0110: "camera model", 0x0131: "software",
	0x0132: "date", 0x013B: "artist", 0x8298: "copyright", 0x9003: "date taken",
	0xA430: "camera owner", 0xA431: "camera serial number", 0x9286: "user comment",
	0xA420: "image unique ID", 0x9C9D: "author (Windows)", 0x9C9C: "comment (Windows)",
}

const (
	tagExifIFD = 0x8769
	tagGPSIFD  = 0x8825
)

// exifInfo is what a TIFF/EXIF block holds that matters for disclosure.
type exifInfo struct {
	tags     map[string]bool
	gps      bool
	lat, lon float64
	hasPos   bool
}

// parseTIFF reads the IFDs of an EXIF (TIFF-structured) block, with every
// offset checked and every IFD visited at most once.
func parseTIFF(r *run, b []byte) (exifInfo, bool) {
	info := exifInfo{tags: map[string]bool{}}
	if len(b) < 8 {
		return info, false
	}
	var bo binary.ByteOrder
	switch string(b[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return info, false
	}
	seen := map[uint32]bool{}
	var gpsRefs [2]string
	var gpsVals [2][3]float64
	var gpsHave [2]bool
	var walk func(off uint32, gpsIFD bool, depth int)
	walk = func(off uint32, gpsIFD bool, depth int) {
		for hops := 0; off != 0 && hops < 8 && depth < 4; hops++ {
			r.tick()
			if seen[off] || int(off)+2 > len(b) {
				return
			}
			seen[off] = true
			n := int(bo.Uint16(b[off:]))
			if n > 1000 || int(off)+2+12*n > len(b) {
				return
			}
			for i := 0; i < n; i++ {
				e := b[int(off)+2+12*i:]
				tag, typ, count := bo.Uint16(e), bo.Uint16(e[2:]), bo.Uint32(e[4:])
				value := e[8:12]
				if gpsIFD {
					info.gps = true
					switch tag {
					case 1, 3: // latitude/longitude reference: N S E W
						if typ == 2 && count >= 1 {
							gpsRefs[tag/2] = string(value[:1])
						}
					case 2, 4: // latitude/longitude as three rationals
						if typ == 5 && count == 3 {
							p := bo.Uint32(value)
							if int(p)+24 <= len(b) {
								for k := 0; k < 3; k++ {
									num, den := bo.Uint32(b[int(p)+8*k:]), bo.Uint32(b[int(p)+8*k+4:])
									if den != 0 {
										gpsVals[tag/2-1][k] = float64(num) / float64(den)
									}
								}
								gpsHave[tag/2-1] = true
							}
						}
					}
					continue
				}
				switch tag {
				case tagExifIFD:
					walk(bo.Uint32(value), false, depth+1)
				case tagGPSIFD:
					walk(bo.Uint32(value), true, depth+1)
				default:
					if name, ok := exifTags[tag]; ok {
						info.tags[name] = true
					}
				}
			}
			next := int(off) + 2 + 12*n
			if next+4 > len(b) {
				return
			}
			off = bo.Uint32(b[next:])
		}
	}
	walk(bo.Uint32(b[4:]), false, 0)
	if gpsHave[0] && gpsHave[1] {
		deg := func(v [3]float64) float64 { return v[0] + v[1]/60 + v[2]/3600 }
		info.lat, info.lon = deg(gpsVals[0]), deg(gpsVals[1])
		if gpsRefs[0] == "S" {
			info.lat = -info.lat
		}
		if gpsRefs[1] == "W" {
			info.lon = -info.lon
		}
		info.hasPos = !math.IsNaN(info.lat) && !math.IsNaN(info.lon)
	}
	return info, true
}

func reportEXIF(r *run, where string, info exifInfo) {
	if info.gps {
		excerpt := "a GPS block"
		if info.hasPos {
			excerpt = fmt.Sprintf("position near %.1f, %.1f (rounded here; exact in the file)", info.lat, info.lon)
		}
		r.add("gps", where, "The picture records where it was taken, which can reveal a home address or a person's movements.", excerpt, true)
	}
	var names []string
	for n := range info.tags {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 0 || !info.gps {
		r.add("exif", where, "The picture carries EXIF metadata (camera, dates, sometimes the owner's name) that goes out with it.", strings.Join(names, ", "), true)
	}
}

// inspectImage reads the metadata blocks of an image.
func inspectImage(r *run, format string, data []byte) {
	switch format {
	case "jpeg":
		jpegSegments(r, data, func(marker byte, payload []byte, _, _ int) bool {
			switch {
			case marker == 0xE1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")):
				if info, ok := parseTIFF(r, payload[6:]); ok {
					reportEXIF(r, "EXIF block (APP1)", info)
				} else {
					r.add("exif", "EXIF block (APP1)", "The picture carries an EXIF metadata block that goes out with it.", "", true)
				}
			case marker == 0xE1 && bytes.HasPrefix(payload, []byte("http://ns.adobe.com/xap/1.0/")):
				r.add("exif", "XMP block (APP1)", "The picture carries XMP metadata (often the author, software and edit history) that goes out with it.", "", true)
			case marker == 0xED:
				r.add("exif", "Photoshop/IPTC block (APP13)", "The picture carries IPTC metadata (often a by-line, caption or location) that goes out with it.", "", true)
			case marker == 0xFE:
				r.add("exif", "comment (COM)", "The picture carries a text comment that goes out with it.", maskWords(truncate(string(payload), 40)), true)
			}
			return true
		})
	case "png":
		pngChunks(r, data, func(typ string, payload []byte) {
			switch typ {
			case "eXIf":
				if info, ok := parseTIFF(r, payload); ok {
					reportEXIF(r, "EXIF chunk (eXIf)", info)
				}
			case "tEXt", "zTXt", "iTXt":
				key := payload
				if i := bytes.IndexByte(key, 0); i >= 0 {
					key = key[:i]
				}
				r.add("exif", fmt.Sprintf("text chunk '%s' (%s)", truncate(string(key), 40), typ), "The picture carries text metadata (author, software, comments) that goes out with it.", "", true)
			}
		})
	case "tiff":
		if info, ok := parseTIFF(r, data); ok {
			if info.gps || len(info.tags) > 0 {
				reportEXIF(r, "TIFF tags", info)
			}
		} else {
			r.add("unreadable", "whole file", "The TIFF image is damaged, so its metadata could not be checked.", "", false)
		}
	case "heif", "webp":
		if i := bytes.Index(data, []byte("Exif\x00\x00")); i >= 0 {
			if info, ok := parseTIFF(r, data[i+6:]); ok {
				reportEXIF(r, "EXIF block", info)
			}
		} else if i := bytes.Index(data, []byte("EXIF")); format == "webp" && i >= 0 && i+8 < len(data) {
			if info, ok := parseTIFF(r, data[i+8:]); ok {
				reportEXIF(r, "EXIF chunk", info)
			}
		}
	}
}

// jpegSegments calls fn for each marker segment before the image data;
// fn returns false to stop. A damaged structure is an "unreadable" finding.
func jpegSegments(r *run, data []byte, fn func(marker byte, payload []byte, start, end int) bool) {
	pos := 2
	for pos+4 <= len(data) {
		r.tick()
		if data[pos] != 0xFF {
			r.add("unreadable", fmt.Sprintf("byte %d", pos), "The JPEG structure is damaged, so its metadata could not be checked completely.", "", false)
			return
		}
		marker := data[pos+1]
		if marker == 0xFF { // fill byte
			pos++
			continue
		}
		if marker == 0xD9 || marker == 0xDA { // end of image, start of scan: no metadata after
			return
		}
		if marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			pos += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[pos+2:]))
		if n < 2 || pos+2+n > len(data) {
			r.add("unreadable", fmt.Sprintf("byte %d", pos), "The JPEG structure is damaged, so its metadata could not be checked completely.", "", false)
			return
		}
		if !fn(marker, data[pos+4:pos+2+n], pos, pos+2+n) {
			return
		}
		pos += 2 + n
	}
}

// pngChunks calls fn for each chunk up to IEND.
func pngChunks(r *run, data []byte, fn func(typ string, payload []byte)) {
	pos := 8
	for pos+12 <= len(data) {
		r.tick()
		n := int(binary.BigEndian.Uint32(data[pos:]))
		typ := string(data[pos+4 : pos+8])
		if n < 0 || n > len(data)-pos-12 {
			r.add("unreadable", fmt.Sprintf("chunk at byte %d", pos), "The PNG structure is damaged, so its metadata could not be checked completely.", "", false)
			return
		}
		fn(typ, data[pos+8:pos+8+n])
		if typ == "IEND" {
			return
		}
		pos += 12 + n
	}
}

// cleanImage drops the metadata blocks and keeps the picture: for JPEG
// every APPn segment but JFIF (APP0), the colour profile (APP2 ICC) and
// Adobe's colour transform (APP14), and comments; for PNG the eXIf, text
// and time chunks. An EXIF orientation goes too, so a photo taken sideways
// may show sideways.
func cleanImage(format string, data []byte, want map[string]bool) ([]byte, error) {
	if !want["exif"] && !want["gps"] {
		return append([]byte(nil), data...), nil
	}
	r := newRun(Options{})
	var out bytes.Buffer
	switch format {
	case "jpeg":
		pos := 0 // bytes up to pos are decided
		jpegSegments(r, data, func(marker byte, payload []byte, start, end int) bool {
			drop := (marker >= 0xE1 && marker <= 0xEF || marker == 0xFE) &&
				!(marker == 0xE2 && bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))) &&
				!(marker == 0xEE && bytes.HasPrefix(payload, []byte("Adobe")))
			if drop {
				out.Write(data[pos:start])
				pos = end
			}
			return true
		})
		out.Write(data[pos:])
	case "png":
		out.Write(data[:8])
		pos := 8
		pngChunks(r, data, func(typ string, payload []byte) {
			n := len(payload) + 12
			switch typ {
			case "eXIf", "tEXt", "zTXt", "iTXt", "tIME":
			default:
				out.Write(data[pos : pos+n])
			}
			pos += n
		})
		out.Write(data[pos:])
	default:
		return nil, fmt.Errorf("%w: metadata can only be removed from JPEG and PNG images", ErrCannotClean)
	}
	if len(r.findings) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrCannotClean, r.findings[0].Why)
	}
	return out.Bytes(), nil
}
