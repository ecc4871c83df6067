"""The toolkit in the browser: `streamlit run app.py`.

A router only: the UI language toggle, then one page per job. Pages live in toolkit/app/pages/
and call into toolkit for everything they show.
"""

from pathlib import Path

import streamlit as st

from toolkit.app import session
from toolkit.settings import resolve_db_path

# A local icon: an emoji or material icon would make the browser fetch it from a font CDN.
ICON = Path(session.__file__).with_name("static") / "icon.png"
st.set_page_config(page_title="toolkit", page_icon=str(ICON), layout="wide")
session.language_toggle()
t = session.t
session.database_note(resolve_db_path())

PAGES = "toolkit/app/pages"
navigation = st.navigation([
    st.Page(f"{PAGES}/repurpose.py", title=t("Repurpose"), icon=":material/edit_note:", default=True),
    st.Page(f"{PAGES}/experiments.py", title=t("Experiments"), icon=":material/science:"),
    st.Page(f"{PAGES}/insights.py", title=t("Insights"), icon=":material/insights:"),
    st.Page(f"{PAGES}/history.py", title=t("History"), icon=":material/history:"),
    st.Page(f"{PAGES}/prompts.py", title=t("Prompts & settings"), icon=":material/tune:"),
])
navigation.run()
