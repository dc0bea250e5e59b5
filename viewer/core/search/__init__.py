"""Full-text search: the SQLite FTS5 index (schema, build, connection), the query
language, ranking, scope, and the people of the library with their mentions."""
