"""The reference server of the wallet API (docs/protocol.md): FastAPI over a SQLite ledger.

Imports the protocol room only. FastAPI is imported lazily by `app.create_app`, so importing
this package (or `inprocess`) stays cheap until the first request."""
