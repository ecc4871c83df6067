"""The Streamlit app's pieces: pure helpers (cards, downloads, scheduler files, edits, UI words)
and the pages under ``pages/`` that ``app.py`` routes to."""
