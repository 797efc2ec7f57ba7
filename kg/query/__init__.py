"""Questions: SPARQL over the store (``engine``), the named questions of ``queries/*.rq``
(``ask``) and the provenance of a message's facts (``explain``)."""
