"""FRUS TEI volumes: ``reader`` streams a volume into records; ``heads`` parses document
headings, ``notes`` the source notes and ``text`` the text, dates and markings."""
