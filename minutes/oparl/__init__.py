"""Open data: the protocols as OParl 1.1 (https://oparl.org/spezifikation/), read-only and
anonymous, and the import of meetings, papers and people from another OParl endpoint."""
