"""The reference server of the wallet API (docs/protocol.md): Starlette over a SQLite ledger.

Imports the protocol room only. Starlette is imported lazily by `app.create_app`, so importing
this package (or `inprocess`) stays cheap until the first request."""
