"""Translation between the wire (model member names) and the domain: the only place naming
maps live. Each implemented operation is one method marked with ``@operation``."""
