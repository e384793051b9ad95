"""The app's pages and the shared app layer (texts, cached data, downloads)."""
