"""Copy detection (CNKI/Turnitin-like): which passages of a submission were copied from which source.

fingerprint (fold + winnow) → postings (inverted index: candidates) → templates (text every project
shares does not count) → align (seed-and-extend into passages) → paraphrase (dense sentence matching on
the candidate sources) → compare (one pair of documents, `compare --json`).
"""
