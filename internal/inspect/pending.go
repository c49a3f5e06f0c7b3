package inspect

func inspectODF(r *run, z *zipDoc, sheet bool)        { notYet(r) }
func inspectPDF(r *run, data []byte)                  { notYet(r) }
func inspectImage(r *run, format string, data []byte) { notYet(r) }

func notYet(r *run) {
	r.add("unknown-format", "whole file", "Disclose cannot check this kind of file yet, so it could hold hidden or personal data that was not checked.", "", false)
}

func cleanODF(data []byte, want map[string]bool) ([]byte, error) { return nil, ErrCannotClean }
func cleanPDF(data []byte, want map[string]bool) ([]byte, error) { return nil, ErrCannotClean }
func cleanImage(format string, data []byte, want map[string]bool) ([]byte, error) {
	return nil, ErrCannotClean
}
