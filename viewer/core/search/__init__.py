"""Full-text search: the SQLite FTS5 index (schema, build, its rows prepared ahead in a
helper process, connection), the query language, ranking, scope, and the people of the
library with their mentions."""
