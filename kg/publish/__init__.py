"""Publishing: files (``export``), the dataset description (``void``), remote stores
(``remote``: push and remote queries) and the build report (``report``)."""
