"""Mapping: records to triples.

``mapper`` turns a :class:`kg.records.SourceRecord` into the record's named graph, sharing
the work out by topic: ``messages`` (roles, numbers, carried messages), ``parts`` (events,
distribution entries, requests), ``documents`` (record-level fields, archival copies),
``agents`` (names resolved in the record's context), ``evidence`` (the graphs and the
quote of every statement) and ``context`` (what one record's mapping shares);
``authority_graph`` writes the curated tables as triples; ``authority`` holds the curated
people, offices, bodies and places that names resolve to (tables, index, resolver,
offices); ``labels`` picks one preferred label per agent across the store. This is the one
package that makes triples from records.
"""
