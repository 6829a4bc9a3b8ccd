"""Translation catalogues: `<language>.toml`, English text = translation (see ../i18n.py)."""
