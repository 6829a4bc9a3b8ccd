"""The Textual desk. Imports client, config and protocol, never the sandbox: the app is
handed a `connect(profile) -> WalletClient` function by cli.py."""
