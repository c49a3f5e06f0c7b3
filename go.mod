module disclose

go 1.26.8
