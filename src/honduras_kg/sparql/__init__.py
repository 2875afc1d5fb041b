"""SPARQL: the lexer and guard every query passes, the workers that run it, the named queries."""
