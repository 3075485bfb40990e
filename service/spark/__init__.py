"""qcscreen on Apache Spark: the corpus build (`corpus_build`, `corpus_rows`), its import into the
single-machine corpus (`corpus_import`) and the annual batch (`screen`, `screen_join`, `screen_rows`,
`corpus_slice`). Executors call the single-machine functions of ingest, nlp and index; the joins only
bring together what each call needs. README "Province and national scale"; docs/scale.md."""
