"""Mapping: records to triples.

``mapper`` turns a :class:`kg.records.SourceRecord` into the record's named graph;
``authority`` holds the curated people, offices, bodies and places that names resolve to;
``labels`` picks one preferred label per agent across the store. This is the one package
that makes triples from records.
"""
